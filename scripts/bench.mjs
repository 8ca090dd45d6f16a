// `npm run bench [-- --json] [-- --lines N]`: speed and memory targets, each measured as a ratio
// against a baseline in the same run (never a timed assertion inside a test).
// Each bench is a TypeScript file under test/bench, bundled with esbuild and run on plain Node.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const json = args.includes('--json');
// `--only a,b` runs some of them (e.g. `--only host-bench`).
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args[onlyAt + 1].split(',') : null;
const benches = ['settlement-bench', 'amazon-bench', 'bc-bench', 'sapb1-bench', 'acumatica-bench', 'fo-bench', 'drilldown-bench', 'sync-bench', 'listings-bench', 'fulfilment-bench', 'orders-bench', 'vendor-bench', 'host-bench', 'ui-bench'].filter((b) => !only || only.includes(b));
// The settlement, host and UI benches run the built app (bin/ml-connector.cjs): build it from these sources first.
const needsBuild = new Set(['settlement-bench', 'host-bench', 'ui-bench']);
if (benches.some((b) => needsBuild.has(b))) {
  const b = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', json ? 'ignore' : 'inherit', 'inherit'] });
  if (b.status !== 0) {
    console.error('the build failed; the host and UI benches need it');
    process.exit(b.status ?? 1);
  }
}
const out = join(root, '.tmp', 'bench');
mkdirSync(out, { recursive: true });

const results = {};
for (const name of benches) {
  const outfile = join(out, `${name}.mjs`);
  await build({
    entryPoints: [join(root, 'test', 'bench', `${name}.ts`)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'warning',
    absWorkingDir: root,
  });
  if (!json) console.log(`\n=== ${name} ===`);
  const r = spawnSync(process.execPath, [outfile, ...args.filter((a, i) => a !== '--only' && args[i - 1] !== '--only')], { cwd: root, stdio: json ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(`${name} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
  if (json) Object.assign(results, JSON.parse(r.stdout.trim().split('\n').pop()));
}
if (json) console.log(JSON.stringify(results));
