/**
 * Access tokens an emulator has issued, with their expiry on the emulator's clock. `expireAll` is the
 * fault "expire tokens": every token issued so far stops being accepted (a revocation, or expiry without
 * moving the clock), while tokens issued afterwards work.
 */
export class IssuedTokens<Grant> {
  private readonly tokens = new Map<string, { grant: Grant; expiresAt: number; generation: number }>();
  private generation = 0;

  constructor(private readonly now: () => number) {}

  issue(token: string, grant: Grant, lifetimeMs: number): void {
    this.tokens.set(token, { grant, expiresAt: this.now() + lifetimeMs, generation: this.generation });
  }

  /** What a presented token grants: unknown (never issued), expired, or its grant. */
  check(token: string | undefined): { status: 'unknown' } | { status: 'expired' } | { status: 'valid'; grant: Grant } {
    const t = token === undefined ? undefined : this.tokens.get(token);
    if (!t) return { status: 'unknown' };
    if (t.expiresAt <= this.now() || t.generation !== this.generation) return { status: 'expired' };
    return { status: 'valid', grant: t.grant };
  }

  expireAll(): void {
    this.generation++;
  }
}
