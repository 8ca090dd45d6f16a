import { businessError } from './emulator-errors';
import type { SapB1Seed } from './emulator-seed';

type Row = Record<string, unknown>;

/** A goods receipt (InventoryGenEntries) or goods issue (InventoryGenExits) as stored and answered (edmx EntityType Document). */
export interface StoredStockDocument {
  DocEntry: number;
  DocNum: number;
  DocDate: string;
  Comments: string | null;
  JournalMemo: string | null;
  Cancelled: 'tNO' | 'tYES';
  DocumentLines: Array<{ LineNum: number; ItemCode: string; Quantity: number; WarehouseCode: string }>;
}

/** OIGN/OIGE.Comments 254, JrnlMemo 50: B1's usual column sizes, UNVERIFIED (the metadata carries no MaxLength). */
const MAX_LENGTHS: Record<string, number> = { Comments: 254, JournalMemo: 50 };

/**
 * POST InventoryGenEntries / InventoryGenExits: each line's Quantity is added to (receipt) or taken from
 * (issue) the item's InStock in its warehouse (ItemWarehouseInfoCollection). A line without WarehouseCode
 * goes to the item's first warehouse, standing in for its default warehouse (UNVERIFIED). An issue that
 * would take a warehouse below zero is refused, as a company that blocks negative inventory does; the
 * wording is UNVERIFIED (B1's generic -5002, NOTES §3.2).
 */
export function postStockDocument(kind: 'receipt' | 'issue', body: Row, seed: SapB1Seed, documents: StoredStockDocument[], numbersFrom: number): StoredStockDocument {
  const date = typeof body.DocDate === 'string' && /^\d{4}-\d{2}-\d{2}/.test(body.DocDate) ? body.DocDate.slice(0, 10) : null;
  if (!date) throw businessError('Enter a posting date (DocDate).');
  for (const [field, max] of Object.entries(MAX_LENGTHS)) {
    const v = body[field];
    if (typeof v === 'string' && v.length > max) throw businessError(`Value too long in property '${field}' of 'Document' (${v.length} > ${max}).`);
  }
  const lines = Array.isArray(body.DocumentLines) ? (body.DocumentLines as Row[]) : [];
  if (!lines.length) throw businessError('The document has no lines (DocumentLines).');
  const effects = lines.map((line, i) => {
    const where = `line ${i + 1}`;
    const code = String(line.ItemCode ?? '');
    const item = seed.items.find((x) => x.ItemCode === code);
    if (!item) throw businessError(`Invalid item code '${code}' (${where}).`);
    const quantity = typeof line.Quantity === 'number' ? line.Quantity : NaN;
    if (!(quantity > 0)) throw businessError(`Enter a quantity above zero (${where}).`);
    const warehouses = (item.ItemWarehouseInfoCollection ??= []);
    const named = typeof line.WarehouseCode === 'string' && line.WarehouseCode ? line.WarehouseCode : warehouses[0]?.WarehouseCode ?? seed.warehouses[0]?.WarehouseCode;
    if (!named || !seed.warehouses.some((w) => w.WarehouseCode === named)) throw businessError(`Invalid warehouse code '${String(named ?? '')}' (${where}).`);
    let stock = warehouses.find((w) => w.WarehouseCode === named);
    if (kind === 'issue' && (stock?.InStock ?? 0) < quantity) {
      throw businessError(`Quantity falls into negative inventory: item ${code} has ${stock?.InStock ?? 0} in warehouse ${named}, ${quantity} issued (${where}).`);
    }
    if (!stock) {
      stock = { WarehouseCode: named, InStock: 0, Committed: 0, Ordered: 0 };
      warehouses.push(stock);
    }
    return { item, stock, quantity, LineNum: i, ItemCode: code, WarehouseCode: named };
  });
  for (const e of effects) {
    e.stock.InStock += kind === 'receipt' ? e.quantity : -e.quantity;
    e.item.QuantityOnStock = (e.item.ItemWarehouseInfoCollection ?? []).reduce((n, w) => n + w.InStock, 0);
  }
  const docEntry = (documents.at(-1)?.DocEntry ?? 0) + 1;
  const doc: StoredStockDocument = {
    DocEntry: docEntry, DocNum: numbersFrom + docEntry, DocDate: date,
    Comments: typeof body.Comments === 'string' ? body.Comments : null, JournalMemo: typeof body.JournalMemo === 'string' ? body.JournalMemo : null, Cancelled: 'tNO',
    DocumentLines: effects.map(({ LineNum, ItemCode, quantity, WarehouseCode }) => ({ LineNum, ItemCode, Quantity: quantity, WarehouseCode })),
  };
  documents.push(doc);
  return doc;
}
