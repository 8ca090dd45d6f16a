import { acumaticaEntry } from './acumatica/entry';
import { businessCentralEntry } from './business-central/entry';
import { sapB1Entry } from './sap-b1/entry';
import { d365foEntry } from './d365fo/entry';
import type { ErpLengths } from './erp-capabilities';
import type { ErpKindEntry } from './erp-kind';
import { erpKindDescriptions } from './erp-kinds';

/**
 * Every ERP kind the app can connect to, by kind: the shipped ones, and any registered later (a test's
 * fake ERP). Code outside an ERP's folder asks this for capabilities and connectors, never which ERP it is.
 */
const entries = new Map<string, ErpKindEntry>([
  ...Object.values(erpKindDescriptions).map((d) => [d.kind, d] as const),
  [businessCentralEntry.kind, businessCentralEntry],
  [sapB1Entry.kind, sapB1Entry],
  [d365foEntry.kind, d365foEntry],
  [acumaticaEntry.kind, acumaticaEntry],
]);

/** Adds an ERP kind; returns how to remove it again. A kind registers once. */
export function registerErpKind(entry: ErpKindEntry): () => void {
  if (entries.has(entry.kind) || entry.kind === 'amazon') throw new Error(`An ERP kind "${entry.kind}" is registered already.`);
  entries.set(entry.kind, entry);
  return () => void entries.delete(entry.kind);
}

/** The entry of an ERP kind; undefined for Amazon and anything unknown. */
export function erpKind(kind: string): ErpKindEntry | undefined {
  return entries.get(kind);
}

export function erpKinds(): ErpKindEntry[] {
  return [...entries.values()];
}

/**
 * The lengths a settlement document of this kind is built to. Without a kind (no ERP connection chosen
 * yet), the shortest that any kind with a connector takes, so a preview never shows a key one cannot post.
 */
export function documentLengths(kind?: string): ErpLengths {
  const own = kind ? entries.get(kind)?.capabilities.lengths : undefined;
  if (own) return own;
  const built = [...entries.values()].filter((e) => e.connector).map((e) => e.capabilities.lengths);
  return {
    naturalKey: Math.min(...built.map((l) => l.naturalKey)),
    documentNumber: Math.min(...built.map((l) => l.documentNumber)),
    reference: Math.min(...built.map((l) => l.reference)),
  };
}

/** Connections of this kind can be read and mapped and posted to (its connector is built). */
export function hasConnector(kind: string): boolean {
  return !!entries.get(kind)?.connector;
}
