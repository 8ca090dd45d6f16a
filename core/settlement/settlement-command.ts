import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, workspaceDatabasePath } from '../store';
import { SettlementParseError } from './settlement-errors';
import { inspectionToJson, inspectSettlement } from './settlement-inspection';
import { currencyWarningText } from './settlement-marketplaces';
import { readSettlementFile } from './settlement-reader';
import { importSettlementFile, type ImportProgress } from './settlement-store';

export interface CommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Draw a progress bar (stderr is a terminal). */
  isTTY?: boolean;
  /** Rewrite the current terminal line (progress bar). */
  status?: (text: string) => void;
}

export const SETTLEMENT_USAGE = `Usage:
  ml-connector settlement inspect FILE [--json]
      Read a settlement file (V2, legacy flat file or XML; gzip accepted) and describe it.
  ml-connector settlement import FILE [--workspace DIR]
      Import it into a workspace: prints new, unchanged or new version.`;

/**
 * `ml-connector settlement ...` for unattended use and for checking. Exit code 0 when the file was
 * read, 2 with a message on stderr when it could not be (or the arguments are wrong).
 */
export async function settlementCommand(argv: string[], io: CommandIo, defaultWorkspace?: string): Promise<number> {
  const [sub, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: { json: { type: 'boolean' }, workspace: { type: 'string' } } });
  } catch (err) {
    io.err(`${(err as Error).message}\n${SETTLEMENT_USAGE}`);
    return 2;
  }
  const file = parsed.positionals[0];
  if ((sub !== 'inspect' && sub !== 'import') || !file || parsed.positionals.length > 1) {
    io.err(SETTLEMENT_USAGE);
    return 2;
  }
  if (!existsSync(file)) {
    io.err(`No such file: ${file}`);
    return 2;
  }
  try {
    if (sub === 'inspect') {
      const json = inspectionToJson(await inspectSettlement(readSettlementFile(file)));
      if (parsed.values.json) io.out(JSON.stringify(json));
      else {
        io.out(`${json.settlementId} (${json.format}, ${json.currency}) ${json.startDate} – ${json.endDate}, deposit ${json.depositDate}`);
        io.out(`total ${json.totalAmount}, lines ${json.linesTotal} in ${json.lineCount} lines, difference ${json.difference}`);
        for (const u of json.unknown) io.out(`unknown: ${u.transactionType} / ${u.amountType} / ${u.amountDescription}: ${u.count} lines, ${u.amount}`);
        for (const w of json.warnings) io.out(`warning: ${w.message}`);
      }
      return 0;
    }
    const dir = parsed.values.workspace ?? defaultWorkspace;
    if (!dir) {
      io.err(`--workspace DIR is required\n${SETTLEMENT_USAGE}`);
      return 2;
    }
    // The import stays on this thread (no worker, no import gate): `ml-connector settlement import` is the only
    // thing this process runs, so there is nothing to keep responsive. It streams the file from disk instead.
    const db = openDatabase(workspaceDatabasePath(resolve(dir)));
    try {
      const onProgress = io.isTTY && io.status ? (p: ImportProgress) => io.status!(progressBar(p)) : undefined;
      const r = await importSettlementFile(db, file, { actor: 'cli', ...(onProgress ? { onProgress } : {}) });
      if (onProgress) io.status!('');
      const said = r.outcome === 'new-version' ? `new version ${r.version} (re-issued by Amazon: review it)` : r.outcome;
      io.out(`settlement ${r.settlementId}: ${said}, ${r.inspection.lineCount} lines`);
      for (const w of r.inspection.warnings) io.out(`warning: ${currencyWarningText(w)}`);
      return 0;
    } finally {
      db.close();
    }
  } catch (err) {
    if (err instanceof SettlementParseError) {
      io.err(err.message);
      return 2;
    }
    throw err;
  }
}

function progressBar(p: ImportProgress): string {
  const width = 30;
  const done = p.bytesTotal ? Math.min(1, p.bytesRead / p.bytesTotal) : 0;
  const filled = Math.round(done * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(done * 100)}% ${p.lines.toLocaleString('en-US')} lines`;
}
