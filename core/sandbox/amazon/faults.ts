/**
 * Faults the emulator injects on demand, so tests can prove the client survives what Amazon really does:
 * throttling storms, 5xx bursts, dropped connections, slow answers, tokens and presigned URLs that expire,
 * a document served with Content-Encoding: gzip, a revoked refresh token, a rotated client secret.
 */
export type Fault =
  | { kind: 'status'; status: 429 | 500 | 503; remaining: number; operation?: string }
  | { kind: 'drop'; remaining: number; operation?: string }
  | { kind: 'slow'; delayMs: number; remaining: number; operation?: string };

export class FaultInjector {
  private queue: Fault[] = [];
  /** Serve report documents with Content-Encoding: gzip (as Amazon did for reports of 2023-06-20..22, NOTES.md §6.2). */
  documentContentEncodingGzip = false;
  revokedRefreshTokens = new Set<string>();
  clientSecretRotated = false;
  /** Set by expireAccessTokens(): every token issued before this emulated time is expired. */
  tokensIssuedBefore = 0;
  /** Set by expireDocumentUrls(): every presigned URL issued before this emulated time is expired. */
  urlsIssuedBefore = 0;

  constructor(private readonly now: () => number) {}

  /** The next `count` SP-API calls (of `operation`, if given) answer 429 QuotaExceeded. */
  throttle(count: number, operation?: string): this {
    return this.push({ kind: 'status', status: 429, remaining: count, ...(operation ? { operation } : {}) });
  }

  serverError(count: number, status: 500 | 503 = 500, operation?: string): this {
    return this.push({ kind: 'status', status, remaining: count, ...(operation ? { operation } : {}) });
  }

  /** The next `count` calls have their connection destroyed before any answer. */
  dropConnections(count: number, operation?: string): this {
    return this.push({ kind: 'drop', remaining: count, ...(operation ? { operation } : {}) });
  }

  /** The next `count` calls are answered `delayMs` real milliseconds late. */
  slow(delayMs: number, count: number, operation?: string): this {
    return this.push({ kind: 'slow', delayMs, remaining: count, ...(operation ? { operation } : {}) });
  }

  expireAccessTokens(): this {
    this.tokensIssuedBefore = this.now() + 1;
    return this;
  }

  expireDocumentUrls(): this {
    this.urlsIssuedBefore = this.now() + 1;
    return this;
  }

  revokeRefreshToken(refreshToken: string): this {
    this.revokedRefreshTokens.add(refreshToken);
    return this;
  }

  rotateClientSecret(): this {
    this.clientSecretRotated = true;
    return this;
  }

  clear(): void {
    this.queue = [];
    this.documentContentEncodingGzip = false;
    this.revokedRefreshTokens.clear();
    this.clientSecretRotated = false;
  }

  /** Takes the first pending fault that applies to this operation, if any. */
  take(operation: string): Fault | null {
    const f = this.queue.find((q) => q.remaining > 0 && (!q.operation || q.operation === operation));
    if (!f) return null;
    f.remaining--;
    this.queue = this.queue.filter((q) => q.remaining > 0);
    return f;
  }

  private push(f: Fault): this {
    this.queue.push(f);
    return this;
  }
}
