import { createDispatcher } from '../../core/api/handlers';
import type { BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { defaultSeed } from '../../core/sandbox/business-central/emulator-seed';
import { isJournalEntry, PostingOutbox } from '../../core/posting/outbox';
import { reviewQueueOf } from '../../core/posting/settlement-status';
import { ReviewRefused } from '../../core/review/review-queue';
import { AutoPostPolicies } from '../../core/sync/auto-post-policy';
import type { Workspace } from '../../core/workspace/workspace';
import { ledgerEntriesByDocument } from '../posting/posting-fixture';

export const ERP_CONNECTION_ID = 'bc-test';

/** The emulator's US company: its books are in USD, like the sync seller's settlements. */
export const usCompany = () => ({ ...defaultSeed(), companyName: 'CRONUS USA, Inc.', localCurrency: 'USD' });

export interface BcAccess { url: string; tenantId: string; environment: string; clientId: string; clientSecret: string }

/**
 * A Business Central connection to the emulator, its reference data read and the sync seller's lines
 * mapped (sales, commission, the three account roles), so its settlements can be approved and posted.
 */
export async function addMappedBcConnection(ws: Workspace, bc: BcAccess, connection = { id: ERP_CONNECTION_ID, name: 'BC US (emulator)' }): Promise<void> {
  const ERP_CONNECTION_ID = connection.id;
  ws.connections.upsert({ id: ERP_CONNECTION_ID, kind: 'business-central', name: connection.name, settings: { deployment: 'online', tenantId: bc.tenantId, environment: bc.environment, clientId: bc.clientId, endpointOverride: bc.url } });
  await ws.credentials.set(ERP_CONNECTION_ID, 'clientSecret', bc.clientSecret);
  const api = createDispatcher(ws);
  let n = 0;
  const value = async (name: string, input: unknown) => {
    const r = (await api.invoke(name, input, `fixture-${n++}`)) as { ok: boolean; error?: { message: string } };
    if (!r.ok) throw new Error(`${name}: ${r.error!.message}`);
  };
  await value('mappings.refreshReference', { connectionId: ERP_CONNECTION_ID });
  for (const [amountType, amountDescription, target] of [['ItemPrice', 'Principal', '6100'], ['ItemFees', 'Commission', '8410']] as const) {
    await value('mappings.save', { connectionId: ERP_CONNECTION_ID, entry: { kind: 'fee', transactionType: '*', amountType, amountDescription, target } });
  }
  for (const [subject, target] of [['clearing', '2920'], ['reserve', '2930'], ['carriedForward', '2940']] as const) {
    await value('mappings.save', { connectionId: ERP_CONNECTION_ID, entry: { kind: 'account', subject, target } });
  }
}

/** Auto-post on for the connection, counting the controller's approvals. */
export function autoPostOn(ws: Workspace, approvers: string[] = ['controller']): void {
  new AutoPostPolicies(ws.db, ws.audit).set(ERP_CONNECTION_ID, { enabled: true, rule: { kind: 'approved-by-person', approvers } }, 'owner');
}

/** The person's part: approve every current version the review queue lets through. Returns how many it refused. */
export function approveAll(ws: Workspace, by = 'controller'): number {
  const q = reviewQueueOf(ws);
  const ids = ws.db.prepare(`SELECT id FROM settlement_version WHERE status = 'current'`).all() as { id: number }[];
  let refused = 0;
  for (const { id } of ids) {
    try {
      q.approve(id, by, null, ERP_CONNECTION_ID);
    } catch (err) {
      if (!(err instanceof ReviewRefused)) throw err;
      refused++;
    }
  }
  return refused;
}

/**
 * What the ERP holds against what the outbox says: per natural key the G/L entries of its document number.
 * A document posted twice shows twice its lines; one that never arrived shows none.
 */
export function erpDocumentsPerKey(ws: Workspace, bc: BusinessCentralEmulator): { keys: string[]; doubled: string[]; missing: string[]; strangers: string[] } {
  const entries = ledgerEntriesByDocument(bc);
  const outbox = new PostingOutbox(ws.db, ws.audit).list().filter(isJournalEntry);
  const doubled: string[] = [];
  const missing: string[] = [];
  const known = new Set<string>();
  for (const e of outbox) {
    known.add(e.document.documentNumber);
    const n = entries.get(e.document.documentNumber) ?? 0;
    if (n > e.document.lines.length) doubled.push(e.naturalKey);
    if (e.state === 'posted' && n < e.document.lines.length) missing.push(e.naturalKey);
  }
  return { keys: outbox.map((e) => e.naturalKey), doubled, missing, strangers: [...entries.keys()].filter((d) => !known.has(d)) };
}
