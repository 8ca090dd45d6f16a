#!/usr/bin/env node
'use strict';
// Entry of `npx ml-connector`: runs the built core (npm install builds it through the prepare script).
const path = require('node:path');
const fs = require('node:fs');
const root = path.join(__dirname, '..');
const cli = path.join(root, 'dist', 'host', 'cli.cjs');
if (!fs.existsSync(cli)) {
  console.error(`ml-connector is not built (${cli} is missing): run npm run build in ${root}.`);
  process.exit(1);
}
require(cli)
  .main(process.argv.slice(2), path.join(root, 'dist', 'renderer'))
  .then((code) => process.exit(code))
  .catch((err) => {
    console.error(err && err.message ? err.message : err);
    process.exit(1);
  });
