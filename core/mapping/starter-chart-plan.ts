import type { ErpConnector } from '../erp/erp-connector';
import { supports } from '../erp/erp-connector';
import { DomainError, errorMessage } from '../errors/domain-error';
import { starterAccounts, type StarterAccount, type StarterChart, type StarterUse } from '../erp/starter-chart';
import { CATEGORY_LABELS } from '../settlement/line-labels';
import type { AuditLog, Db } from '../store';
import { normalizeKey, sameKey, type MappingEntry, type StoredMappingEntry } from './mapping-entry';
import { MappingStore } from './mapping-store';
import { ReferenceCache, type ReferenceSnapshot } from './reference-cache';

const ROLE_NAMES = { clearing: 'Clearing (the payout)', carriedForward: 'Carried forward (a settlement across a month end)', reserve: 'Reserve held by Amazon' } as const;

/** What a rule covers, as the confirmation lists it. */
export function useLabel(use: StarterUse): string {
  if ('role' in use) return ROLE_NAMES[use.role];
  if ('category' in use) return CATEGORY_LABELS[use.category as keyof typeof CATEGORY_LABELS] ?? use.category;
  return `${use.transactionType} / ${use.amountType} / ${use.amountDescription}`;
}

function entryOf(use: StarterUse, target: string): MappingEntry {
  const blank = { transactionType: '', amountType: '', amountDescription: '', subject: '', target, dimensions: {} };
  if ('role' in use) return { ...blank, kind: 'account', subject: use.role };
  if ('category' in use) return { ...blank, kind: 'category', subject: use.category };
  return { ...blank, kind: 'fee', transactionType: use.transactionType, amountType: use.amountType, amountDescription: use.amountDescription };
}

export interface StarterPlanAccount {
  number: string;
  name: string;
  kind: StarterAccount['kind'];
  /** The account under this number in the ERP now (used as it is, never created twice), or null: it will be created. */
  existing: { name: string; postable: boolean } | null;
}

export interface StarterPlanRule {
  account: string;
  label: string;
  /** new: will be set; same: already maps there; kept: the user's rule maps elsewhere and stays. */
  state: 'new' | 'same' | 'kept';
  /** The account the user's rule maps to now, for a kept rule. */
  current: string | null;
}

export interface StarterPlan {
  accounts: StarterPlanAccount[];
  rules: StarterPlanRule[];
}

/** What creating a starter chart would do now, against the cached chart and the connection's rules. */
export function starterPlan(chart: StarterChart, reference: ReferenceSnapshot, rules: readonly StoredMappingEntry[]): StarterPlan {
  const accounts = starterAccounts(chart);
  return {
    accounts: accounts.map((a) => {
      const found = reference.accounts.find((r) => r.code === a.number);
      return { number: a.number, name: a.name, kind: a.kind, existing: found ? { name: found.name, postable: found.postable } : null };
    }),
    rules: accounts.flatMap((a) =>
      a.uses.map((use) => {
        const entry = entryOf(use, a.number);
        const rule = rules.find((r) => sameKey(r, normalizeKey(entry)));
        const state = !rule ? 'new' : rule.target === a.number ? 'same' : 'kept';
        return { account: a.number, label: useLabel(use), state, current: rule && state === 'kept' ? rule.target : null } satisfies StarterPlanRule;
      }),
    ),
  };
}

export interface StarterChartDeps {
  db: Db;
  audit: AuditLog;
  actor: string;
  connection: { id: string; name: string };
  connector: ErpConnector;
  chart: StarterChart;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, phase: string) => void;
}

export interface StarterChartResult {
  created: string[];
  existing: string[];
  mapped: number;
  kept: number;
}

/**
 * Creates the starter accounts the ERP does not have yet and maps them where no rule maps yet, in one step.
 * The chart is read again first, so an account already there is never created twice; the user's own rules
 * stay. An ERP refusal stops before any rule is saved and says, in the ERP's words, which account it refused
 * and which were created before it (they stay in the ERP and are used as they are next time).
 */
export async function applyStarterChart(d: StarterChartDeps): Promise<StarterChartResult> {
  const { connector, connection } = d;
  if (!supports(connector, 'accountCreation')) {
    throw new DomainError('conflict', `The app cannot create accounts in ${connection.name}: create them there as listed, refresh the ERP data, then map them.`);
  }
  const cache = new ReferenceCache(d.db);
  const store = new MappingStore(d.db, d.audit);
  await cache.refresh(connection.id, connector, { signal: d.signal });
  const plan = starterPlan(d.chart, cache.snapshot(connection.id), store.list(connection.id));
  const missing = starterAccounts(d.chart).filter((a) => !plan.accounts.find((p) => p.number === a.number)!.existing);
  const created: string[] = [];
  const existing: string[] = [];
  for (const [i, a] of missing.entries()) {
    d.onProgress?.(i, missing.length, `Creating account ${a.number} ${a.name} in ${connection.name}`);
    let outcome: 'created' | 'exists';
    try {
      outcome = await connector.createAccount({ number: a.number, name: a.name, kind: a.kind }, d.signal);
    } catch (err) {
      if (created.length) d.audit.record(auditOf(d, created, existing, 0, 'failed'));
      const before = created.length ? ` Created before it: ${created.join(', ')}.` : '';
      throw new DomainError('conflict', `${connection.name} did not create account ${a.number} ${a.name}: ${errorMessage(err)}.${before} Nothing was mapped.`.replace(/\.\./g, '.'), undefined, { cause: err });
    }
    (outcome === 'created' ? created : existing).push(a.number);
  }
  d.onProgress?.(missing.length, missing.length, `Mapping in ${connection.name}`);
  if (missing.length) await cache.refresh(connection.id, connector, { signal: d.signal });
  const reference = cache.snapshot(connection.id);
  const current = store.list(connection.id);
  const toSave = starterAccounts(d.chart).flatMap((a) => a.uses.map((u) => entryOf(u, a.number))).filter((e) => !current.some((r) => sameKey(r, normalizeKey(e))));
  const saved = store.saveAll(connection.id, toSave, { actor: d.actor, reference, erpName: connection.name, source: 'starter-chart' });
  const kept = plan.rules.filter((r) => r.state === 'kept').length;
  d.audit.record(auditOf(d, created, existing, saved.changed, 'ok'));
  return { created, existing: [...existing, ...plan.accounts.filter((p) => p.existing).map((p) => p.number)], mapped: saved.changed, kept };
}

function auditOf(d: StarterChartDeps, created: string[], existing: string[], mapped: number, status: 'ok' | 'failed') {
  return {
    kind: 'decision' as const, system: 'app', operation: 'mapping.starter-chart', actor: d.actor, connectionId: d.connection.id, status,
    subjectType: 'connection', subjectId: d.connection.id, detail: { created, existingAtCreate: existing, mapped },
  };
}
