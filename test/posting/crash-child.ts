/**
 * A posting process for the crash test: opens the workspace database named in MLC_DB, posts everything
 * the outbox holds to the emulator described in MLC_BC (JSON), and says "doc <natural key>" as each document
 * starts and "done" at the end. The test kills it with SIGKILL at random moments in between.
 */
import { AuditLog, openDatabase } from '../../core/store';
import { PostingOutbox, runPosting } from '../../core/posting';
import { connectorFor } from './posting-fixture';

async function main(): Promise<void> {
  const db = openDatabase(process.env.MLC_DB!);
  const outbox = new PostingOutbox(db, new AuditLog(db));
  const run = await runPosting(outbox, 'bc-test', connectorFor(JSON.parse(process.env.MLC_BC!)), {
    onProgress: (p) => { if (p.current) process.stdout.write(`doc ${p.current}\n`); },
  });
  db.close();
  process.stdout.write(`done ${run.outcome} ${run.posted.length}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
