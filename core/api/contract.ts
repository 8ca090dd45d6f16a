import type { z } from 'zod';
import { appCalls } from './calls/app';
import { attentionCalls } from './calls/attention';
import { auditCalls } from './calls/audit';
import { connectionCalls } from './calls/connections';
import { dashboardCalls } from './calls/dashboard';
import { jobCalls } from './calls/jobs';
import { listingCalls } from './calls/listings';
import { mappingCalls } from './calls/mappings';
import { mcfCalls } from './calls/mcf';
import { reportCalls } from './calls/reports';
import { reviewCalls } from './calls/review';
import { postingCalls } from './calls/posting';
import { orderPostingCalls } from './calls/order-posting';
import { orderCalls } from './calls/orders';
import { settlementCalls } from './calls/settlements';
import { vendorCalls } from './calls/vendor';

/**
 * Every call the UI can make, declared once (one file per area under calls/). The Electron main process,
 * the preload allowlist, the headless host and the renderer's client are all derived from this object.
 * Pure zod: the renderer imports it, so nothing here may touch Node.
 */
export const contract = {
  ...appCalls,
  ...connectionCalls,
  ...auditCalls,
  ...mappingCalls,
  ...reviewCalls,
  ...settlementCalls,
  ...postingCalls,
  ...orderPostingCalls,
  ...orderCalls,
  ...jobCalls,
  ...reportCalls,
  ...dashboardCalls,
  ...listingCalls,
  ...vendorCalls,
  ...attentionCalls,
  ...mcfCalls,
} as const;

export type { CallDefinition } from './define';
export { ConnectionViewSchema, ConnectionTestResultSchema, type ConnectionView, type ConnectionTestResult } from './calls/connections';
export { AuditEventViewSchema, AuditFilterSchema, type AuditEventView, type AuditFilterInput } from './calls/audit';

export type Contract = typeof contract;
export type CallName = keyof Contract;
export type CallInput<N extends CallName> = z.input<Contract[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Contract[N]['output']>;

export const callNames = Object.keys(contract) as CallName[];

export function isCallName(name: string): name is CallName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** IPC channel of a call; the preload allowlist is exactly these. */
export const ipcChannel = (name: CallName) => `api:${name}`;
export const IPC_EVENT_CHANNEL = 'api:event';
