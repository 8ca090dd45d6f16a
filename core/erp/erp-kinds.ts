import { acumaticaKind } from './acumatica/kind';
import { businessCentralKind } from './business-central/kind';
import { d365foKind } from './d365fo/kind';
import type { ErpKindDescription } from './erp-kind';
import { sapB1Kind } from './sap-b1/kind';

/** The ERP kinds the app ships, as plain data (the renderer reads these; connectors live in registry.ts). */
export const ERP_KINDS = ['business-central', 'd365fo', 'sap-b1', 'acumatica'] as const;
export type ErpKind = (typeof ERP_KINDS)[number];

export const erpKindDescriptions: Record<ErpKind, ErpKindDescription> = {
  'business-central': businessCentralKind,
  d365fo: d365foKind,
  'sap-b1': sapB1Kind,
  acumatica: acumaticaKind,
};
