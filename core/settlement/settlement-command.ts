import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { currencyExponent, toDecimalString } from '../money';
import { openDatabase, workspaceDatabasePath, type Db } from '../store';
import type { TieOut } from './reconciliation';
import { SettlementParseError } from './settlement-errors';
import { inspectSettlementFile, showsInspectProgress } from './inspect-progress';
import { inspectionToJson } from './settlement-inspection';
import { currencyWarningText } from './settlement-marketplaces';
import { importSettlementFile, type ImportProgress, type ImportResult } from './settlement-store';
import { VersionRefused, type VersionInfo } from './settlement-versions';
import { IMPORT_FINISHED } from './unfinished-imports';

export interface CommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Draw a progress bar (stderr is a terminal). */
  isTTY?: boolean;
  /** stdout is a terminal (a person reads the output, not a program). */
  outIsTTY?: boolean;
  /** Rewrite the current terminal line (progress bar). */
  status?: (text: string) => void;
}

export const SETTLEMENT_USAGE = `Usage:
  ml-connector settlement inspect FILE [--json]
      Read a settlement file (V2, legacy flat file or XML; gzip accepted) and describe it.
  ml-connector settlement import FILE [--workspace DIR]
      Import it into a workspace: prints new, new version, incomplete copy, unchanged or identical to a
      superseded version, and the tie-out (sum of the lines against the declared total). Exit code 1 when
      the version it stored does not tie out.
  ml-connector settlement make-current SETTLEMENT-ID VERSION [--workspace DIR] [--reason TEXT]
      Make that version current (an incomplete copy taken anyway, or a superseded version brought back).
      Audited; the version it replaces loses its approval.`;

export interface SettlementCommandDeps {
  /**
   * Makes a version current with what that means above this layer (approvals, the posting outbox): the host
   * gives core/posting/current-version-choice.ts. Throws VersionRefused with the reason when it may not.
   */
  makeCurrent?: (db: Db, versionId: number, actor: string, reason: string | null) => { current: VersionInfo; previous: VersionInfo | null; approvalWithdrawn: boolean };
  /** Who the audit log names for a decision made here. */
  actor?: string;
  /** The time an import is stamped with: the host's clock, which ML_CONNECTOR_CLOCK_START may start. */
  now?: () => Date;
}

/**
 * `ml-connector settlement ...` for unattended use and for checking. Exit code 0 when the file was
 * read, 2 with a message on stderr when it could not be (or the arguments are wrong); `import` exits 1
 * when the version it stored does not tie out, `make-current` 1 when it was refused.
 */
export async function settlementCommand(argv: string[], io: CommandIo, defaultWorkspace?: string, deps: SettlementCommandDeps = {}): Promise<number> {
  const [sub, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: { json: { type: 'boolean' }, workspace: { type: 'string' }, reason: { type: 'string' } } });
  } catch (err) {
    io.err(`${(err as Error).message}\n${SETTLEMENT_USAGE}`);
    return 2;
  }
  if (sub === 'make-current') return makeCurrentCommand(parsed.positionals, parsed.values, io, defaultWorkspace, deps);
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
      const bar = io.status && showsInspectProgress({ json: parsed.values.json === true, outIsTTY: io.outIsTTY === true, errIsTTY: io.isTTY === true, fileBytes: statSync(file).size });
      const json = inspectionToJson(await inspectSettlementFile(file, bar ? (p) => io.status!(progressBar(p)) : undefined));
      if (bar) io.status!(CLEAR_BAR);
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
      const r = await importSettlementFile(db, file, { actor: 'cli', ...(deps.now ? { now: deps.now } : {}), ...(onProgress ? { onProgress } : {}) });
      if (onProgress) io.status!(CLEAR_BAR);
      io.out(`settlement ${r.settlementId}: ${importSaid(r)}, ${r.inspection.lineCount} lines`);
      const t = r.inspection;
      const tie: TieOut = { currency: t.summary!.currency, declaredTotal: t.summary!.totalAmount, linesTotal: t.linesTotal, difference: t.difference, tiesOut: t.difference === 0 };
      io.out(`tie-out: ${tieOutText(tie)}`);
      for (const w of r.inspection.warnings) io.out(`warning: ${currencyWarningText(w)}`);
      if (r.outcome === 'identical-to-superseded') io.out(`to make version ${r.version} current again: ml-connector settlement make-current ${r.settlementId} ${r.version} --workspace ${dir}`);
      if (r.outcome === 'incomplete-copy') io.out(`to use it anyway: ml-connector settlement make-current ${r.settlementId} ${r.version} --workspace ${dir} --reason TEXT`);
      const stored = r.outcome !== 'unchanged' && r.outcome !== 'identical-to-superseded';
      return stored && !tie.tiesOut ? 1 : 0;
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

function importSaid(r: ImportResult): string {
  switch (r.outcome) {
    case 'new':
      return 'new';
    case 'new-version':
      return `new version ${r.version} (re-issued by Amazon: review it)`;
    case 'incomplete-copy':
      return `incomplete copy kept as version ${r.version}: its lines do not add up to the declared total; version ${r.currentVersion}, whose lines do, stays current`;
    case 'unchanged':
      return 'unchanged';
    case 'identical-to-superseded':
      return `identical to superseded version ${r.version} (version ${r.currentVersion} is current): nothing imported`;
  }
}

export function tieOutText(t: TieOut): string {
  const dec = (minor: number) => `${toDecimalString(minor, currencyExponent(t.currency))} ${t.currency}`;
  return `lines ${dec(t.linesTotal)}, declared total ${dec(t.declaredTotal)}, difference ${dec(t.difference)}: ${t.tiesOut ? 'ties out' : 'does NOT tie out'}`;
}

async function makeCurrentCommand(
  positionals: string[],
  values: { workspace?: string; reason?: string },
  io: CommandIo,
  defaultWorkspace: string | undefined,
  deps: SettlementCommandDeps,
): Promise<number> {
  const [settlementId, versionText] = positionals;
  const version = Number(versionText);
  if (!settlementId || !Number.isInteger(version) || version < 1 || positionals.length > 2) {
    io.err(SETTLEMENT_USAGE);
    return 2;
  }
  const dir = values.workspace ?? defaultWorkspace;
  if (!dir || !deps.makeCurrent) {
    io.err(dir ? 'make-current is not available in this build.' : `--workspace DIR is required\n${SETTLEMENT_USAGE}`);
    return 2;
  }
  const db = openDatabase(workspaceDatabasePath(resolve(dir)));
  try {
    const row = db.prepare(`SELECT id FROM settlement_version v WHERE settlement_id = ? AND version = ? AND ${IMPORT_FINISHED}`).get(settlementId, version) as { id: number } | undefined;
    if (!row) {
      io.err(`Settlement ${settlementId} has no version ${version} in ${dir}.`);
      return 1;
    }
    const made = deps.makeCurrent(db, row.id, deps.actor ?? 'cli', values.reason?.trim() || null);
    io.out(`settlement ${settlementId}: version ${made.current.version} is current${made.previous ? ` instead of version ${made.previous.version}` : ''}`);
    io.out(`tie-out: ${tieOutText(made.current.tieOut)}`);
    if (made.approvalWithdrawn) io.out(`the approval of version ${made.previous!.version} was withdrawn`);
    return 0;
  } catch (err) {
    if (err instanceof VersionRefused) {
      io.err(err.message);
      return 1;
    }
    throw err;
  } finally {
    db.close();
  }
}

/** Blanks the bar's line and returns to its start, so what is printed next does not land after it. */
const CLEAR_BAR = `${' '.repeat(72)}\r`;

function progressBar(p: ImportProgress): string {
  const width = 30;
  const done = p.bytesTotal ? Math.min(1, p.bytesRead / p.bytesTotal) : 0;
  const filled = Math.round(done * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(done * 100)}% ${p.lines.toLocaleString('en-US')} lines`;
}
