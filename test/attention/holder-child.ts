/**
 * A process that takes a held record's retry claim and its record lock and keeps both, for the dead-holder
 * test: opens the workspace database named in MLC_DB on the clock MLC_NOW (epoch ms, the parent's), claims
 * dead letter MLC_ID, takes the record lock of `orders` MLC_KEY, says "holding <pid>" and waits until killed.
 */
import { DeadLetterStore, RecordLocks } from '../../core/attention';
import { openDatabase } from '../../core/store';

const db = openDatabase(process.env.MLC_DB!);
const at = Number(process.env.MLC_NOW);
const store = new DeadLetterStore(db, () => new Date(at));
if (!store.claim(Number(process.env.MLC_ID), 10 * 60_000)) {
  process.stderr.write('the record was not free\n');
  process.exit(2);
}
void new RecordLocks(db, () => at).with('orders', process.env.MLC_KEY!, 'the child process', () => {
  process.stdout.write(`holding ${process.pid}\n`);
  return new Promise<never>(() => {});
});
setInterval(() => {}, 60_000);
