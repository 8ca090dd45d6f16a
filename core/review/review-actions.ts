import type { MappingEntry } from '../mapping/mapping-entry';
import type { MappingStore } from '../mapping/mapping-store';
import type { ReferenceCache } from '../mapping/reference-cache';
import { recordVarianceDecision } from '../settlement';
import type { AuditLog, Db } from '../store';
import type { ApprovalStore } from './approval';
import type { ExclusionScope, SettlementRole } from './review-checks';
import type { Resolution, ResolveRequest, ReviewItem } from './review-item';
import { MIN_REASON_WORDS, varianceLimitMinor, wordCount, type ReviewPolicyStore } from './review-policy';
import { ReviewRefused } from './review-refused';
import { exclusionReach } from './reviewed-lines';

export interface ReviewActionDeps {
  db: Db;
  audit: AuditLog;
  now: () => Date;
  mappings: MappingStore;
  cache: ReferenceCache;
  approvals: ApprovalStore;
  policy: ReviewPolicyStore;
  item: (itemId: number) => ReviewItem;
  connection: (connectionId?: string) => { id: string; name: string } | null;
  /** Checks the version again once an action changed what its checks read. */
  evaluate: (versionId: number, c: { id: string; name: string } | null) => void;
}

/**
 * The actions that resolve review items: map now, accept a variance (with a second person above the
 * policy's limit), exclude lines, acknowledge a warning. Each is audited under the person who took it.
 */
export class ReviewActions {
  constructor(private readonly deps: ReviewActionDeps) {}

  /**
   * Applies a person's action to an item, then checks the settlement again. Mapping goes through the
   * mapping store (the ERP data refuses what it refuses there too); a variance goes through the
   * settlement engine's audited decision.
   */
  resolve(itemId: number, request: ResolveRequest, actor: string, connectionId?: string): ReviewItem {
    const item = this.deps.item(itemId);
    const c = this.deps.connection(connectionId);
    if (!item.actions.includes(request.action)) {
      throw new ReviewRefused('invalid_input', `"${request.action}" does not resolve this item (${item.title}); it offers ${item.actions.length ? item.actions.join(', ') : 'no action here'}.`);
    }
    if (item.state !== 'open' && request.action !== 'map') throw new ReviewRefused('conflict', `This item is already ${item.state}.`);
    if (this.deps.approvals.of(item.versionId)) {
      throw new ReviewRefused('conflict', `Settlement ${item.settlementId} version ${item.version} is approved; revoke the approval before changing what it approved.`);
    }
    const at = this.deps.now();
    const subject = { kind: 'decision' as const, system: 'app', actor, subjectType: 'settlement', subjectId: item.settlementId, connectionId: c?.id ?? null };
    const save = (resolution: Resolution) =>
      this.deps.db
        .prepare("UPDATE review_item SET state = 'resolved', resolution = ?, resolved_by = ?, resolved_at = ?, updated_at = ? WHERE id = ?")
        .run(JSON.stringify(resolution), actor, at.toISOString(), at.toISOString(), item.id);

    switch (request.action) {
      case 'map': {
        if (!c) throw new ReviewRefused('conflict', 'There is no ERP connection to map to: add one under Connections.');
        const entries = this.entriesFor(item, request.target, request.dimensions ?? {}, c.id, request.allTransactionTypes === true);
        this.deps.db.transaction(() => {
          this.deps.mappings.saveAll(c.id, entries, { actor, reference: this.deps.cache.snapshot(c.id), erpName: c.name, source: 'review', now: at });
          save({ action: 'map', target: request.target.trim(), ...(request.dimensions ? { dimensions: request.dimensions } : {}) });
          this.deps.audit.record({ ...subject, operation: 'review.map', status: 'resolved', detail: { version: item.version, item: item.id, key: item.key, target: request.target.trim(), rules: entries.length, ...(request.allTransactionTypes ? { allTransactionTypes: true } : {}) } });
        })();
        break;
      }
      case 'acceptVariance': {
        if (!c) throw new ReviewRefused('conflict', 'There is no ERP connection whose account the variance could post to.');
        const reason = request.reason.trim();
        const pending = item.resolution?.action === 'acceptVariance' ? item.resolution : null;
        // Confirming a proposal keeps the proposer's reason; the confirmer need not write one.
        if (!reason && !pending) throw new ReviewRefused('invalid_input', 'Say why the difference is accepted: the reason goes into the journal line and the audit log.');
        const account = request.account.trim();
        const found = this.deps.cache.snapshot(c.id).accounts.find((a) => a.code === account);
        if (!found) throw new ReviewRefused('invalid_input', `Account ${account} does not exist in ${c.name}.`);
        if (!found.postable) throw new ReviewRefused('invalid_input', `Account ${account} "${found.name}" cannot be posted to in ${c.name}.`);
        const difference = item.amount ?? 0;
        if (!pending && wordCount(reason) < MIN_REASON_WORDS) {
          throw new ReviewRefused('invalid_input', `Say in a few words (at least ${MIN_REASON_WORDS}) why the difference is accepted, e.g. "rounding on Amazon's side": "${reason}" does not explain it.`);
        }
        const policy = this.deps.policy.get();
        const limit = varianceLimitMinor(policy, item.currency ?? '');
        if (Math.abs(difference) > limit) {
          // Above what one person may accept: a second person confirms the same account.
          if (!pending) {
            this.deps.db.transaction(() => {
              this.deps.db
                .prepare('UPDATE review_item SET resolution = ?, resolved_by = ?, resolved_at = ?, updated_at = ? WHERE id = ?')
                .run(JSON.stringify({ action: 'acceptVariance', account, reason, difference, proposedBy: actor } satisfies Resolution), actor, at.toISOString(), at.toISOString(), item.id);
              this.deps.audit.record({ ...subject, operation: 'review.variance-proposed', status: 'awaiting-second-person', detail: { version: item.version, item: item.id, difference, currency: item.currency, account, reason, limit: policy.varianceLimit } });
            })();
            break;
          }
          const proposer = pending.proposedBy ?? item.resolvedBy ?? '';
          if (proposer === actor) {
            throw new ReviewRefused('conflict', `A variance of more than ${policy.varianceLimit} ${item.currency ?? ''} needs a second person: ${actor} proposed it, someone else must confirm it.`);
          }
          if (pending.account !== account) {
            throw new ReviewRefused('conflict', `${proposer} proposed the variance to account ${pending.account}; confirm that account, or ask ${proposer} to withdraw the proposal.`);
          }
          this.deps.db.transaction(() => {
            recordVarianceDecision(this.deps.db, { settlementId: item.settlementId, version: item.version, difference, currency: item.currency, decision: { account, reason: pending.reason, decidedBy: `${proposer}, confirmed by ${actor}` } }, () => at);
            save({ action: 'acceptVariance', account, reason: pending.reason, difference, proposedBy: proposer, confirmedBy: actor });
          })();
          break;
        }
        this.deps.db.transaction(() => {
          recordVarianceDecision(this.deps.db, { settlementId: item.settlementId, version: item.version, difference, currency: item.currency, decision: { account, reason, decidedBy: actor } }, () => at);
          save({ action: 'acceptVariance', account, reason, difference });
        })();
        break;
      }
      case 'exclude': {
        const reason = request.reason.trim();
        if (!reason) throw new ReviewRefused('invalid_input', 'Say why these lines are excluded: the reason is kept with the decision.');
        const scope = this.scopeFor(item, request.rows);
        const { lineCount, amount } = exclusionReach(this.deps.db, item.versionId, scope);
        if (!lineCount) throw new ReviewRefused('invalid_input', 'No line of this settlement matches; nothing to exclude.');
        this.deps.db.transaction(() => {
          save({ action: 'exclude', reason, scope, lineCount, amount });
          this.deps.audit.record({ ...subject, operation: 'review.exclude', status: 'resolved', detail: { version: item.version, item: item.id, key: item.key, scope, lineCount, amount, currency: item.currency, reason } });
        })();
        break;
      }
      case 'acknowledge': {
        const note = request.note?.trim() || null;
        this.deps.db.transaction(() => {
          save({ action: 'acknowledge', note });
          this.deps.audit.record({ ...subject, operation: 'review.acknowledge', status: 'resolved', detail: { version: item.version, item: item.id, key: item.key, title: item.title, note } });
        })();
        break;
      }
    }
    this.deps.evaluate(item.versionId, c);
    return this.deps.item(item.id);
  }

  private scopeFor(item: ReviewItem, rows: number[] | undefined): ExclusionScope {
    const f = item.facts;
    if (item.kind === 'unknown-type' || item.kind === 'unmapped-fee') {
      return { match: { transactionType: String(f.transactionType), amountType: String(f.amountType), amountDescription: String(f.amountDescription) } };
    }
    if (item.kind === 'foreign-currency') return { currency: String(f.currency) };
    if (item.kind === 'implausible-amount') {
      const offered = (f.rows ?? []) as number[];
      const chosen = rows ?? offered;
      const stray = chosen.filter((r) => !offered.includes(r));
      if (stray.length) throw new ReviewRefused('invalid_input', `File line${stray.length === 1 ? '' : 's'} ${stray.join(', ')} ${stray.length === 1 ? 'is' : 'are'} not among the implausible lines.`);
      return { rows: [...chosen].sort((a, b) => a - b) };
    }
    if (item.kind === 'difference') {
      const causes = (f.causes ?? []) as Array<{ rows: number[] }>;
      const offered = new Set(causes.flatMap((c) => c.rows));
      const chosen = rows ?? causes.find((c) => c.rows.length)?.rows ?? [];
      if (!chosen.length) throw new ReviewRefused('invalid_input', 'No line explains this difference; accept it as a variance instead.');
      const stray = chosen.filter((r) => !offered.has(r));
      if (stray.length) throw new ReviewRefused('invalid_input', `File line${stray.length === 1 ? '' : 's'} ${stray.join(', ')} ${stray.length === 1 ? 'is' : 'are'} not among the lines that could explain the difference.`);
      return { rows: [...chosen].sort((a, b) => a - b) };
    }
    throw new ReviewRefused('invalid_input', 'Lines of this item cannot be excluded.');
  }

  private entriesFor(item: ReviewItem, target: string, dimensions: Record<string, string>, connectionId: string, allTransactionTypes = false): MappingEntry[] {
    const f = item.facts;
    const blank = { transactionType: '', amountType: '', amountDescription: '', subject: '', target: target.trim(), dimensions };
    switch (item.kind) {
      case 'unknown-type':
      case 'unmapped-fee':
        return [{ ...blank, kind: 'fee', transactionType: allTransactionTypes ? '*' : String(f.transactionType), amountType: String(f.amountType), amountDescription: String(f.amountDescription) }];
      case 'unmapped-role':
        return [{ ...blank, kind: 'account', subject: String(f.role as SettlementRole), dimensions: {} }];
      case 'unmapped-sku':
        return [{ ...blank, kind: 'sku', subject: String(f.sku) }];
      case 'unmapped-marketplace':
        return [{ ...blank, kind: 'marketplace', subject: String(f.marketplace) }];
      case 'account-missing':
      case 'account-not-postable': {
        // Every rule that posts to the refused account moves to the chosen one, keeping its dimensions.
        const code = String(f.account);
        const using = this.deps.mappings.list(connectionId).filter((e) => e.kind !== 'sku' && e.kind !== 'marketplace' && e.target === code);
        if (!using.length) throw new ReviewRefused('conflict', `No mapping rule posts to account ${code} any more; the item clears on the next check.`);
        return using.map((e) => ({ kind: e.kind, transactionType: e.transactionType, amountType: e.amountType, amountDescription: e.amountDescription, subject: e.subject, target: target.trim(), dimensions: e.kind === 'account' ? {} : e.dimensions }));
      }
      default:
        throw new ReviewRefused('invalid_input', 'This item is not resolved by a mapping.');
    }
  }
}
