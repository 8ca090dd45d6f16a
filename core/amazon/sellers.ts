import { z } from 'zod';
import { AmazonError } from './errors';
import type { SpApiClient } from './sp-api-client';

/** MarketplaceParticipation as in sellers.json (required: marketplace, participation, storeName). */
const ParticipationSchema = z.object({
  marketplace: z.object({
    id: z.string(),
    name: z.string(),
    countryCode: z.string(),
    defaultCurrencyCode: z.string(),
    defaultLanguageCode: z.string(),
    domainName: z.string(),
  }),
  participation: z.object({ isParticipating: z.boolean(), hasSuspendedListings: z.boolean() }),
  storeName: z.string(),
});
const ResponseSchema = z.object({ payload: z.array(ParticipationSchema) });

export type MarketplaceParticipation = z.infer<typeof ParticipationSchema>;

/** GET /sellers/v1/marketplaceParticipations: where the authorising seller sells. */
export async function getMarketplaceParticipations(client: SpApiClient, signal?: AbortSignal): Promise<MarketplaceParticipation[]> {
  const res = await client.request({
    operation: 'getMarketplaceParticipations',
    method: 'GET',
    path: '/sellers/v1/marketplaceParticipations',
    ...(signal ? { signal } : {}),
  });
  return parseBody(ResponseSchema, res.body, 'getMarketplaceParticipations').payload;
}

export function parseBody<T>(schema: z.ZodType<T>, body: string, operation: string, parsed?: unknown): T {
  let json: unknown = parsed;
  if (json === undefined) {
    try {
      json = JSON.parse(body);
    } catch {
      throw new AmazonError('request', `Amazon answered ${operation} with something that is not JSON: ${body.slice(0, 200)}`, { operation });
    }
  }
  const r = schema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new AmazonError(
      'request',
      `Amazon's answer to ${operation} does not have the documented shape (${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'unknown'}).`,
      { operation },
    );
  }
  return r.data;
}
