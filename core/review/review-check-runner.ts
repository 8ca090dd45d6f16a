import { ordersInvoicedFingerprint, ordersNotInvoiced } from './orders-invoiced';
import type { ConnectionRepository } from '../connections/connection-repository';
import type { MappingEntry } from '../mapping/mapping-entry';
import type { MappingStore } from '../mapping/mapping-store';
import type { ReferenceCache, ReferenceSnapshot } from '../mapping/reference-cache';
import { journalRules } from '../mapping/journal-mapping';
import { settlementTimeZone, withLedgerDescriptions, storedLines, storedMarketplaces, type FeeMetrics, type SettlementSummary } from '../settlement';
import type { Db } from '../store';
import { checkSettlement, type CheckResult, type ExclusionScope, type ImplausibleLines } from './review-checks';
import type { Resolution } from './review-item';
import type { ReviewPolicyStore } from './review-policy';
import { reviewedGroups } from './reviewed-lines';
import { ReviewRefused } from './review-refused';
import { refundFindings, refundFingerprint } from './refund-checks';
import { payoutFindings } from './payout-checks';
import { ExchangeRateCache } from '../mapping/exchange-rate-cache';
import type { LineDescriptionTemplates } from '../mapping/line-description-templates';

/**
 * The current versions of other settlements in the same currency that end before a version (bound: id,
 * currency, settlement id, end date twice): what is usual for it is judged from these alone, so a
 * settlement imported later changes nothing about the earlier ones.
 */
const EARLIER_CURRENT = `v.status = 'current' AND v.id <> ? AND v.currency = ? AND v.settlement_id <> ?
  AND (? IS NULL OR v.end_date IS NULL OR v.end_date < ?)`;

/**
 * The mapping rules of a connection that can apply to a version (bound: connection, version twice): fee
 * rules matching a combination its lines hold ('*' or empty matches anything), marketplace rules for its
 * marketplace, and every account and SKU rule.
 */
const RULES_OF_VERSION = `SELECT COUNT(*) AS n, MAX(r.updated_at) AS at, TOTAL(LENGTH(r.target) + LENGTH(r.dimensions)) AS size FROM mapping_rule r
  WHERE r.connection_id = ? AND (
    r.kind IN ('account', 'sku')
    OR (r.kind = 'fee' AND EXISTS (SELECT 1 FROM settlement_type_total t WHERE t.version_id = ?
      AND r.transaction_type IN ('', '*', t.transaction_type) AND r.amount_type IN ('', '*', t.amount_type) AND r.amount_description IN ('', '*', t.amount_description)))
    OR (r.kind = 'category' AND r.subject IN (SELECT COALESCE(t.category, 'other-fee') FROM settlement_type_total t WHERE t.version_id = ?))
    OR (r.kind = 'marketplace' AND r.subject IN (SELECT l.marketplace_name FROM settlement_line l WHERE l.version_id = ? AND l.marketplace_name <> '' LIMIT 1)))`;

export interface VersionRow {
  id: number; settlement_id: string; version: number; status: 'current' | 'superseded'; reissued: number; incomplete_copy: number; currency: string;
  start_date: string | null; end_date: string | null; deposit_date: string | null; total_amount: number;
}

/**
 * Runs the checks of one settlement version (core/review/review-checks.ts) on what they read: its lines
 * or line groups, the earlier settlements, the connection's rules and reference data, the review's
 * decisions and policy; and says, by a fingerprint of those inputs, when they must run again.
 */
export class ReviewCheckRunner {
  constructor(
    private readonly db: Db,
    private readonly connections: ConnectionRepository,
    private readonly mappings: MappingStore,
    private readonly cache: ReferenceCache,
    private readonly policy: ReviewPolicyStore,
    private readonly templates: LineDescriptionTemplates,
    private readonly now: () => Date = () => new Date(),
  ) {}

  versionRow(versionId: number): VersionRow {
    const v = this.db.prepare('SELECT * FROM settlement_version WHERE id = ?').get(versionId) as VersionRow | undefined;
    if (!v) throw new ReviewRefused('not_found', `There is no imported settlement version ${versionId}.`);
    return v;
  }

  /**
   * Everything the checks of a version read, cheaply: a change means they run again, and only then. The
   * earlier settlements (what is usual), its own settlement's current version, the mapping rules that can
   * apply to its lines, the connection's reference data and settings, the review policy, its decisions and
   * its approval. Another settlement imported later, or a rule for a fee type it does not hold, is none of these.
   */
  fingerprint(versionId: number, connectionId: string | null): string {
    const v = this.versionRow(versionId);
    const earlier = this.db
      .prepare(`SELECT COUNT(*) AS n, TOTAL(id) AS ids, MAX(id) AS last FROM settlement_version v WHERE ${EARLIER_CURRENT}`)
      .get(v.id, v.currency, v.settlement_id, v.end_date, v.end_date);
    const own = this.db.prepare('SELECT current_version AS current FROM settlement WHERE settlement_id = ?').get(v.settlement_id);
    const rules = connectionId ? this.db.prepare(RULES_OF_VERSION).get(connectionId, versionId, versionId, versionId) : null;
    const ref = connectionId ? this.db.prepare('SELECT MAX(refreshed_at) AS at FROM erp_reference_watermark WHERE connection_id = ?').get(connectionId) : null;
    const settings = connectionId ? this.db.prepare('SELECT updated_at AS at FROM connection WHERE id = ?').get(connectionId) : null;
    const policy = this.db.prepare('SELECT updated_at AS at FROM review_policy WHERE id = 1').get();
    const decisions = this.db.prepare("SELECT COUNT(*) AS n, MAX(updated_at) AS at FROM review_item WHERE version_id = ? AND state = 'resolved'").get(versionId);
    const approval = this.db.prepare('SELECT MAX(id) AS id, COUNT(revoked_at) AS revoked FROM settlement_approval WHERE version_id = ?').get(versionId);
    const rates = connectionId ? new ExchangeRateCache(this.db).fingerprint(connectionId) : null;
    const wording = this.templates.of(connectionId).template;
    const refunds = refundFingerprint(this.db, versionId, this.now());
    const orders = connectionId ? ordersInvoicedFingerprint(this.db, versionId, connectionId) : null;
    return JSON.stringify({ connectionId, status: v.status, earlier, own, rules, ref, settings, policy, decisions, approval, rates, wording, refunds, orders, v: 3 });
  }

  decisions(versionId: number): { exclusions: ExclusionScope[]; variances: Array<Extract<Resolution, { action: 'acceptVariance' }> & { by: string }> } {
    const rows = this.db.prepare("SELECT resolution, resolved_by FROM review_item WHERE version_id = ? AND state = 'resolved' AND resolution IS NOT NULL").all(versionId) as { resolution: string; resolved_by: string }[];
    const exclusions: ExclusionScope[] = [];
    const variances: Array<Extract<Resolution, { action: 'acceptVariance' }> & { by: string }> = [];
    for (const r of rows) {
      const res = JSON.parse(r.resolution) as Resolution;
      if (res.action === 'exclude') exclusions.push(res.scope);
      if (res.action === 'acceptVariance') variances.push({ ...res, by: res.confirmedBy ? `${res.proposedBy ?? r.resolved_by}, confirmed by ${res.confirmedBy}` : r.resolved_by });
    }
    return { exclusions, variances };
  }

  /**
   * Runs the checks of one version against a connection (without writing anything). `journalOnly`: only
   * the journal is wanted (posting), so the per-SKU sums, which only SKU findings use and the line groups
   * do not keep, are not read.
   */
  check(versionId: number, c: { id: string; name: string } | null, options: { journalOnly?: boolean } = {}): CheckResult & { summary: SettlementSummary } {
    const v = this.versionRow(versionId);
    const entries: MappingEntry[] = c ? this.mappings.list(c.id) : [];
    const { rules } = journalRules(entries, c ? this.mappings.ordersInvoiced(c.id) : null);
    const reference: ReferenceSnapshot | null = c ? this.cache.snapshot(c.id) : null;
    const { exclusions, variances } = this.decisions(versionId);
    const earlier = (this.db.prepare(
      `SELECT e.metrics FROM review_evaluation e JOIN settlement_version v ON v.id = e.version_id WHERE ${EARLIER_CURRENT}`,
    ).all(v.id, v.currency, v.settlement_id, v.end_date, v.end_date) as { metrics: string }[]).map((r) => JSON.parse(r.metrics) as FeeMetrics);
    const current = (this.db.prepare('SELECT current_version AS n FROM settlement WHERE settlement_id = ?').get(v.settlement_id) as { n: number }).n;
    const summary: SettlementSummary = {
      settlementId: v.settlement_id, startDate: v.start_date, endDate: v.end_date, depositDate: v.deposit_date, totalAmount: v.total_amount, currency: v.currency, row: 2,
    };
    const groups = reviewedGroups(this.db, versionId, v.currency, exclusions);
    if (groups && options.journalOnly) groups.skuTotals = () => new Map();
    const result = checkSettlement(
      {
        summary,
        version: { number: v.version, status: v.status, reissued: v.reissued === 1, currentVersion: current, incompleteCopy: v.incomplete_copy === 1 },
        connection: c,
        entries,
        rules,
        reference,
        exclusions,
        earlier,
        ...(options.journalOnly ? {} : { implausible: this.implausibleLines(v) }),
        varianceFor: (difference) => {
          const d = variances.find((x) => x.difference === difference);
          return d ? { account: d.account, reason: d.reason, decidedBy: d.by } : null;
        },
        timeZone: this.timeZoneOf(versionId, c),
        ledger: c ? new ExchangeRateCache(this.db).snapshot(c.id) : null,
        ordersNotInvoiced: c && !options.journalOnly ? ordersNotInvoiced(this.db, versionId, c.id) : null,
      },
      // The stored line groups, as the preview reads them, with the exclusions taken out; the full line
      // stream only when that cannot be exact (a row exclusion that moves a group, see reviewedGroups).
      groups ?? storedLines(this.db, versionId),
    );
    if (!options.journalOnly) result.findings.push(...refundFindings(this.db, versionId, this.now()));
    if (!options.journalOnly && c) result.findings.push(...payoutFindings(this.db, versionId, c.id));
    const marketplace = storedMarketplaces(this.db, v.id)[0] ?? null;
    const { template } = this.templates.of(c?.id ?? null);
    return { ...result, journal: withLedgerDescriptions(result.journal, { marketplace, settlementId: v.settlement_id }, template), summary };
  }

  /**
   * Lines of a version larger than the workspace's multiple of the seller's usual settlement size: the
   * median deposit of the earlier current settlements of the same marketplace and currency. Undefined
   * while fewer than three earlier settlements say what is usual.
   */
  private implausibleLines(v: VersionRow): ImplausibleLines | undefined {
    const marketplaceOf = 'SELECT l.marketplace_name FROM settlement_line l WHERE l.version_id = v.id AND l.marketplace_name <> \'\' LIMIT 1';
    const mine = (this.db.prepare(`SELECT (${marketplaceOf}) AS m FROM settlement_version v WHERE v.id = ?`).get(v.id) as { m: string | null }).m;
    const earlier = (this.db
      .prepare(
        `SELECT ABS(v.total_amount) AS size FROM settlement_version v
          WHERE ${EARLIER_CURRENT} AND (${marketplaceOf}) IS ?`,
      )
      .all(v.id, v.currency, v.settlement_id, v.end_date, v.end_date, mine) as { size: number }[]).map((r) => r.size).sort((a, b) => a - b);
    if (earlier.length < 3) return undefined;
    const mid = Math.floor(earlier.length / 2);
    const usual = earlier.length % 2 ? earlier[mid]! : Math.round((earlier[mid - 1]! + earlier[mid]!) / 2);
    if (usual === 0) return undefined;
    const multiple = this.policy.get().implausibleMultiple;
    const lines = this.db
      .prepare(
        `SELECT row, amount, transaction_type AS transactionType, amount_type AS amountType, amount_description AS amountDescription
           FROM settlement_line WHERE version_id = ? AND currency = ? AND ABS(amount) > ? ORDER BY row, seq LIMIT 20`,
      )
      .all(v.id, v.currency, usual * multiple) as ImplausibleLines['lines'];
    return { multiple, usual, lines };
  }

  /** The connection's time zone setting, else the settlement's marketplace's, else UTC. */
  timeZoneOf(versionId: number, c: { id: string } | null): string {
    return settlementTimeZone(c ? this.connections.get(c.id)?.settings : undefined, storedMarketplaces(this.db, versionId));
  }
}
