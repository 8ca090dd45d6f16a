import { mappingsFromCsv, mappingsToCsv } from '../../mapping/mapping-csv';
import { normalizeKey, type MappingEntry } from '../../mapping/mapping-entry';
import { MappingStore } from '../../mapping/mapping-store';
import { suggestMappings, unmappedFeeTypes } from '../../mapping/mapping-suggestions';
import { validateEntry } from '../../mapping/mapping-validation';
import { CACHED_KIND_NAMES, ReferenceCache } from '../../mapping/reference-cache';
import { applyStarterChart, starterPlan } from '../../mapping/starter-chart-plan';
import { erpKind } from '../../erp/registry';
import { DomainError } from '../../errors/domain-error';
import { LineDescriptionTemplates } from '../../mapping/line-description-templates';
import { CATEGORY_LABELS, DESCRIPTION_PLACEHOLDERS, LINE_DESCRIPTION_TEMPLATE, ledgerLineDescription, storedMarketplaces, templateProblems } from '../../settlement';
import type { DescriptionTemplateView } from '../calls/mappings';
import { rulesByLine } from '../../review/journal-provenance';
import type { Workspace } from '../../workspace/workspace';
import type { Handlers } from '../dispatch';
import { ApiFailure } from '../envelope';

type MappingCall = 'mappings.starterChart' | 'mappings.createStarterChart' | 'mappings.descriptionTemplate' | 'mappings.setDescriptionTemplate' | 'mappings.list' | 'mappings.reference' | 'mappings.refreshReference' | 'mappings.check' | 'mappings.save' | 'mappings.remove' | 'mappings.suggest' | 'mappings.usage' | 'mappings.exportCsv' | 'mappings.importCsv';

const stores = (ws: Workspace) => ({ rules: new MappingStore(ws.db, ws.audit), cache: new ReferenceCache(ws.db) });

/** The ERP connection mappings are kept for (its connector is built); any other becomes a typed API failure. */
function erpConnection(ws: Workspace, connectionId: string) {
  return ws.erp.connection(connectionId).row;
}

/** A connection's template as the editor shows it, with lines of the latest settlement worded by it. */
function templateView(ws: Workspace, connectionId: string, draft?: string): DescriptionTemplateView {
  const wording = new LineDescriptionTemplates(ws.db, ws.audit).of(connectionId);
  const latest = ws.db.prepare("SELECT id, settlement_id, currency, end_date FROM settlement_version WHERE status = 'current' ORDER BY end_date DESC, id DESC LIMIT 1").get() as
    | { id: number; settlement_id: string; currency: string; end_date: string | null }
    | undefined;
  const facts = latest
    ? { marketplace: storedMarketplaces(ws.db, latest.id)[0] ?? null, settlementId: latest.settlement_id, period: latest.end_date?.slice(0, 7) ?? '', currency: latest.currency }
    : { marketplace: 'Amazon.de', settlementId: '24137000002', period: '2026-06', currency: 'EUR' };
  const lines = [CATEGORY_LABELS.principal, CATEGORY_LABELS['referral-fee'], CATEGORY_LABELS['fba-fee'], `settlement ${facts.settlementId} deposit`];
  return {
    template: wording.template,
    custom: wording.custom,
    defaultTemplate: LINE_DESCRIPTION_TEMPLATE,
    updatedBy: wording.updatedBy,
    updatedAt: wording.updatedAt,
    placeholders: Object.entries(DESCRIPTION_PLACEHOLDERS).map(([name, meaning]) => ({ name, meaning })),
    examples: lines.map((line) => ledgerLineDescription({ ...facts, line }, draft ?? wording.template)),
    problems: draft === undefined ? [] : templateProblems(draft),
  };
}

export const mappingHandlers: Pick<Handlers, MappingCall> = {
  'mappings.descriptionTemplate': ({ connectionId, draft }, { ws }) => {
    erpConnection(ws, connectionId);
    return templateView(ws, connectionId, draft);
  },
  'mappings.setDescriptionTemplate': ({ connectionId, template }, { ws }) => {
    erpConnection(ws, connectionId);
    new LineDescriptionTemplates(ws.db, ws.audit, () => new Date(ws.clock.now())).set(connectionId, template, ws.osUser);
    ws.events.emit({ type: 'changed', topic: 'mappings' });
    ws.events.emit({ type: 'changed', topic: 'review' });
    return templateView(ws, connectionId);
  },
  'mappings.usage': ({ connectionId }, { ws }) => {
    erpConnection(ws, connectionId);
    return rulesByLine(ws.db, stores(ws).rules.list(connectionId));
  },
  'mappings.list': ({ connectionId }, { ws }) => {
    erpConnection(ws, connectionId);
    return stores(ws).rules.list(connectionId);
  },
  'mappings.reference': ({ connectionId }, { ws }) => {
    erpConnection(ws, connectionId);
    return stores(ws).cache.snapshot(connectionId);
  },
  'mappings.refreshReference': async ({ connectionId }, { ws, signal, progress }) => {
    const c = erpConnection(ws, connectionId);
    const source = await ws.erp.connector(c.id);
    const result = await stores(ws).cache.refresh(connectionId, source, {
      signal,
      now: () => new Date(ws.clock.now()),
      onProgress: (p) => progress({ done: p.done, total: p.total, phase: p.done < p.total ? `Reading ${CACHED_KIND_NAMES[p.kind]} from ${c.name}` : 'Done' }),
    });
    ws.audit.record({ kind: 'state_change', system: 'app', operation: 'mapping.referenceRefresh', actor: ws.osUser, connectionId, detail: result });
    return result;
  },
  'mappings.starterChart': async ({ connectionId }, { ws, signal }) => {
    const c = erpConnection(ws, connectionId);
    const kind = erpKind(c.kind);
    if (!kind?.starterChart) return { available: false, canCreate: false, accounts: [], rules: [] };
    const { rules, cache } = stores(ws);
    // Which accounts exist is only known from the ERP's chart: read it once if it never was.
    if (!cache.snapshot(connectionId).refreshedAt.accounts) await cache.refresh(connectionId, await ws.erp.connector(c.id), { signal });
    return { available: true, canCreate: kind.capabilities.flows.includes('accountCreation'), ...starterPlan(kind.starterChart, cache.snapshot(connectionId), rules.list(connectionId)) };
  },
  'mappings.createStarterChart': async ({ connectionId }, { ws, signal, progress }) => {
    const c = erpConnection(ws, connectionId);
    const chart = erpKind(c.kind)?.starterChart;
    if (!chart) throw new DomainError('not_found', `There is no starter chart for ${c.name}.`);
    const result = await applyStarterChart({
      db: ws.db, audit: ws.audit, actor: ws.osUser, connection: { id: c.id, name: c.name }, connector: await ws.erp.connector(c.id), chart, signal,
      onProgress: (done, total, phase) => progress({ done, total, phase }),
    });
    ws.events.emit({ type: 'changed', topic: 'mappings' });
    return result;
  },
  'mappings.check': ({ connectionId, entry }, { ws }) => {
    const c = erpConnection(ws, connectionId);
    const e = { ...entry, ...normalizeKey(entry), target: entry.target.trim() };
    return { problems: validateEntry(e, stores(ws).cache.snapshot(connectionId), c.name) };
  },
  'mappings.save': ({ connectionId, entry, source }, { ws }) => {
    const c = erpConnection(ws, connectionId);
    const { rules, cache } = stores(ws);
    return rules.save(connectionId, entry, { actor: ws.osUser, reference: cache.snapshot(connectionId), erpName: c.name, source, now: new Date(ws.clock.now()) });
  },
  'mappings.remove': ({ connectionId, key }, { ws }) => {
    erpConnection(ws, connectionId);
    const removed = stores(ws).rules.remove(connectionId, key, ws.osUser);
    return { removed };
  },
  'mappings.suggest': ({ connectionId, catalogue }, { ws }) => {
    const c = erpConnection(ws, connectionId);
    const { rules, cache } = stores(ws);
    const list = rules.list(connectionId);
    const unmapped = unmappedFeeTypes(ws.db, list, { catalogue });
    return { unmapped, suggestions: suggestMappings(unmapped, list, cache.snapshot(connectionId).accounts, c.name) };
  },
  'mappings.exportCsv': ({ connectionId }, { ws }) => {
    const c = erpConnection(ws, connectionId);
    const list = stores(ws).rules.list(connectionId);
    ws.audit.record({ kind: 'decision', system: 'app', operation: 'mapping.export', actor: ws.osUser, connectionId, detail: { rows: list.length } });
    const slug = c.name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase();
    return { fileName: `ml-connector-mappings-${slug}.csv`, csv: mappingsToCsv(list), rows: list.length };
  },
  'mappings.importCsv': ({ connectionId, csv }, { ws }) => {
    const c = erpConnection(ws, connectionId);
    const { rules, cache } = stores(ws);
    const reference = cache.snapshot(connectionId);
    const { entries, problems } = mappingsFromCsv(csv, reference, c.name);
    if (problems.length) {
      const first = problems[0]!;
      throw new ApiFailure(
        'invalid_input',
        `Nothing was imported: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the file, the first on line ${first.line}, column ${first.column}: ${first.message}`,
        problems.map((p) => ({ path: `line ${p.line}, column ${p.column}`, message: p.message })),
      );
    }
    return rules.saveAll(connectionId, entries as MappingEntry[], { actor: ws.osUser, reference, erpName: c.name, source: 'csv-import', now: new Date(ws.clock.now()) });
  },
};
