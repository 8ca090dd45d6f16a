import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AuditLog, DATABASE_FILE, openDatabase, workspaceDatabasePath } from '../store';

export interface AuditCommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

export const AUDIT_USAGE = `Usage:
  ml-connector audit verify [--workspace DIR]
      Check every row of the workspace's audit log against its hash chain. Exit code 0 when it is intact,
      1 when a row was changed, removed or added outside ml-connector (the first such row is named).`;

/** A row's text comes from the file being checked, which may have been edited: never send its control characters to the terminal. */
const printable = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * `ml-connector audit verify`: reads the log and records nothing, so the file stays as it was found
 * for whoever looks into a broken chain next.
 */
export function auditCommand(argv: string[], io: AuditCommandIo, defaultWorkspace: string): number {
  const [sub, ...rest] = argv;
  let values: { workspace?: string };
  try {
    ({ values } = parseArgs({ args: rest, options: { workspace: { type: 'string' } } }));
  } catch (err) {
    io.err(`${(err as Error).message}\n${AUDIT_USAGE}`);
    return 2;
  }
  if (sub !== 'verify') {
    io.err(AUDIT_USAGE);
    return 2;
  }
  const dir = resolve(values.workspace ?? defaultWorkspace);
  const file = workspaceDatabasePath(dir);
  if (!existsSync(file)) {
    io.err(`${dir} is not an ml-connector workspace: it has no ${DATABASE_FILE}.`);
    return 2;
  }
  let db;
  try {
    db = openDatabase(file);
  } catch (err) {
    io.err((err as Error).message);
    return 2;
  }
  try {
    const result = new AuditLog(db).verify();
    if (result.intact) {
      io.out(`The audit log of ${dir} is intact: all ${result.rows} rows are as ml-connector wrote them.`);
      return 0;
    }
    io.out(
      `The audit log of ${dir} was changed outside ml-connector, at row ${result.id}: ${printable(result.problem)}` +
        (result.rows > 0 ? ` The ${result.rows} rows before it are intact.` : ''),
    );
    return 1;
  } finally {
    db.close();
  }
}
