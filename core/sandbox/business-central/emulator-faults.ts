import { FaultPlan } from '../faults/fault-plan';
import type { IssuedTokens } from '../faults/issued-tokens';

export interface FaultMatch {
  /** Only requests whose "METHOD path" matches, e.g. /POST .*\$batch/. Default: every API request. */
  path?: RegExp;
}

/** The shared fault vocabulary aimed at API requests by path, and what only BC has: batch operations and Entra's token endpoint. */
export class FaultControl extends FaultPlan<{ method: string; path: string }, FaultMatch> {
  /** Pending "operation number `index` (0-based) of the next $batch fails with `status`". */
  readonly batchOperations: Array<{ index: number; status: number }> = [];
  tokenRequests: { remaining: number; status: number } | null = null;

  constructor(tokens: IssuedTokens<string>) {
    super((match, target) => !match.path || match.path.test(`${target.method} ${target.path}`), tokens);
  }

  /** In the next $batch, operation number `index` (0-based) fails with `status`. */
  failBatchOperation(index: number, status: number): void {
    this.batchOperations.push({ index, status });
  }

  /** The token endpoint answers the next `count` requests with this status. */
  failTokenRequests(count: number, status: number): void {
    this.tokenRequests = { remaining: count, status };
  }

  override clear(): void {
    super.clear();
    this.batchOperations.length = 0;
    this.tokenRequests = null;
  }
}
