// Run as its own process by audit-chain.test.ts: appends rows to a workspace database's audit log, as a
// second ml-connector process (the command line next to the desktop app) would.
import { AuditLog, openDatabase } from '../../core/store';

const [file, writer, count] = process.argv.slice(2);
const db = openDatabase(file!);
const audit = new AuditLog(db);
for (let i = 0; i < Number(count); i++) audit.record({ kind: 'external_call', system: 'amazon', operation: `${writer}-${i}`, status: 200, durationMs: i });
db.close();
