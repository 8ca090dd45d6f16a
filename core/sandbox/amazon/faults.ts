import { FaultPlan } from '../faults/fault-plan';
import type { IssuedTokens } from '../faults/issued-tokens';

export interface FaultMatch {
  /** Only calls of this SP-API operation, e.g. getReportDocument. Default: every SP-API call. */
  operation?: string;
}

/**
 * The shared fault vocabulary aimed at SP-API operations, and what only Amazon does: presigned URLs that
 * expire, a document served with Content-Encoding: gzip, a revoked refresh token, a rotated client secret.
 */
export class FaultInjector extends FaultPlan<string, FaultMatch> {
  /** Serve report documents with Content-Encoding: gzip (as Amazon did for reports of 2023-06-20..22, NOTES.md §6.2). */
  documentContentEncodingGzip = false;
  revokedRefreshTokens = new Set<string>();
  clientSecretRotated = false;
  /** Set by expireDocumentUrls(): every presigned URL issued before this emulated time is expired. */
  urlsIssuedBefore = 0;
  /** Report document downloads still to lose their connection halfway through the body. */
  documentDropsMidway = 0;

  /** SKUs whose listings patches and feed messages Amazon refuses, with the issue it states. */
  readonly listingRejections = new Map<string, { code: string; message: string; attributeNames?: string[] }>();

  constructor(private readonly now: () => number, tokens: IssuedTokens<unknown>) {
    super((match, operation) => !match.operation || match.operation === operation, tokens);
  }

  expireDocumentUrls(): this {
    this.urlsIssuedBefore = this.now() + 1;
    return this;
  }

  /** The next `count` report document downloads send half their bytes, then lose the connection. */
  dropDocumentMidway(count = 1): this {
    this.documentDropsMidway += count;
    return this;
  }

  revokeRefreshToken(refreshToken: string): this {
    this.revokedRefreshTokens.add(refreshToken);
    return this;
  }

  /**
   * Refuse price and quantity changes of these SKUs, in a patch (INVALID submission) and in a feed (an ERROR
   * issue of the processing report). The default wording is UNVERIFIED: Amazon's own texts vary by product type.
   */
  rejectListings(skus: readonly string[], issue: { code: string; message: string; attributeNames?: string[] } = {
    code: '90244',
    message: 'The price you entered is outside the allowed range for this product. Enter a value within the price range.',
    attributeNames: ['purchasable_offer'],
  }): this {
    for (const sku of skus) this.listingRejections.set(sku, issue);
    return this;
  }

  rotateClientSecret(): this {
    this.clientSecretRotated = true;
    return this;
  }

  override clear(): void {
    super.clear();
    this.documentContentEncodingGzip = false;
    this.revokedRefreshTokens.clear();
    this.clientSecretRotated = false;
    this.listingRejections.clear();
    this.documentDropsMidway = 0;
  }
}
