import type { Clock } from '../../core/clock/clock';
import type { CredentialStore } from '../../core/credentials';

/** Secrets in memory: the sync tests and the crash child must not need an OS keychain. */
export class MemoryCredentials implements CredentialStore {
  private readonly values = new Map<string, string>();
  async get(connectionId: string, field: string): Promise<string | null> {
    return this.values.get(`${connectionId}/${field}`) ?? null;
  }
  async set(connectionId: string, field: string, secret: string): Promise<void> {
    this.values.set(`${connectionId}/${field}`, secret);
  }
  async delete(connectionId: string, field: string): Promise<boolean> {
    return this.values.delete(`${connectionId}/${field}`);
  }
  async which(connectionId: string, fields: readonly string[]): Promise<Record<string, boolean>> {
    return Object.fromEntries(fields.map((f) => [f, this.values.has(`${connectionId}/${f}`)]));
  }
}

/** A clock the test moves by hand; sleeping on it advances it. */
export class ManualClock implements Clock {
  constructor(private t: number) {}
  now(): number {
    return this.t;
  }
  set(iso: string | number): void {
    this.t = typeof iso === 'number' ? iso : Date.parse(iso);
  }
  advance(ms: number): void {
    this.t += ms;
  }
  async sleep(ms: number): Promise<void> {
    this.t += ms;
  }
}

/** Local wall time of an instant in a zone, "2026-10-25 09:00". */
export function localTime(d: Date | string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(d));
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}`;
}
