import { z } from 'zod';
import { parseBody } from './sellers';
import type { SpApiClient } from './sp-api-client';

/**
 * Tokens API 2021-03-01 (tokens_2021-03-01.json): Restricted Data Tokens for operations that return buyer
 * PII. Needed here only for getReportDocument of a restricted report type, where "the specified restricted
 * resource can contain only a specific path, not a generic path" (archived tokens guide @ ed29c83). Orders
 * v2026-01-01 needs none (role-based access, NOTES.md §0.1) and settlement reports are not restricted (§7).
 */
export interface RestrictedResource {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  path: string;
  dataElements?: string[];
}

export interface RestrictedDataToken {
  token: string;
  /** Clock ms at which the token stops working. */
  expiresAt: number;
}

const Response = z.object({ restrictedDataToken: z.string(), expiresIn: z.number().int() });

export async function createRestrictedDataToken(client: SpApiClient, resources: RestrictedResource[], signal?: AbortSignal): Promise<RestrictedDataToken> {
  if (resources.length < 1 || resources.length > 50) throw new RangeError(`An RDT covers 1 to 50 resources ("Maximum: 50"), got ${resources.length}`);
  const requestedAt = client.clock.now();
  const res = await client.request({
    operation: 'createRestrictedDataToken',
    method: 'POST',
    path: '/tokens/2021-03-01/restrictedDataToken',
    body: { restrictedResources: resources },
    // Asking for a token twice has no effect beyond a second token.
    idempotent: true,
    ...(signal ? { signal } : {}),
  });
  const body = parseBody(Response, res.body, 'createRestrictedDataToken');
  return { token: body.restrictedDataToken, expiresAt: requestedAt + body.expiresIn * 1000 };
}
