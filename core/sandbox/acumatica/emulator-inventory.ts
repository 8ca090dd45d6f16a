import { randomUUID } from 'node:crypto';
import { Failure, filter, page, unwrap, wrap } from './emulator-records';
import type { AcumaticaEntity } from './emulator-schema';

type Fields = Record<AcumaticaEntity, readonly string[]>;
type Answer = { status: number; body: unknown; headers?: Record<string, string> };

/** A stock item's quantities per warehouse (swagger StockItem.WarehouseDetails of StockItemWarehouseDetail: WarehouseID, QtyOnHand). */
export interface StockItemStock { InventoryID: string; DefaultWarehouseID: string; DefaultPrice: number; WarehouseDetails: Array<{ WarehouseID: string; QtyOnHand: number }> }

/** A physical inventory adjustment as the emulator keeps it (swagger InventoryAdjustment / InventoryAdjustmentDetail). */
export interface AcumaticaAdjustmentRow {
  id: string;
  ReferenceNbr: string;
  Date: string;
  Description: string | null;
  ExternalRef: string | null;
  Hold: boolean;
  /** Balanced until released; Released once the quantities are in stock. The status words are UNVERIFIED (the swagger gives Status as a string). */
  Status: 'On Hold' | 'Balanced' | 'Released';
  TotalQty: number;
  LastModifiedDateTime: string;
  Details: Array<{ InventoryID: string; WarehouseID: string; Qty: number; ReasonCode: string | null }>;
}

export interface InventoryBook {
  readonly adjustments: AcumaticaAdjustmentRow[];
  stockItems(fields: Fields, q: URLSearchParams): Answer;
  put(fields: Fields, raw: unknown): Answer;
  get(fields: Fields, q: URLSearchParams): Answer;
  /** ReleaseAdjustment: applies the quantities now and says whether it failed. */
  release(raw: unknown): Failure | null;
}

/**
 * Stock and inventory adjustments. PUT InventoryAdjustment creates an adjustment (signed Qty per line, taken
 * as it is; that Acumatica takes a negative Qty on IN303000 for a shortage is UNVERIFIED), ReleaseAdjustment
 * applies it to QtyOnHand. ExternalRef is a free field Acumatica does not keep unique (UNVERIFIED), so a
 * repeat is accepted and a client must look first. A line taking a warehouse below zero is refused at
 * release, as a tenant that does not allow negative quantities does (wording UNVERIFIED).
 */
export function inventoryBook(o: { stock: StockItemStock[]; items: ReadonlyArray<{ InventoryID: string; ItemStatus: string }>; now: () => string }): InventoryBook {
  const adjustments: AcumaticaAdjustmentRow[] = [];
  const wrapAdjustment = (fields: Fields, r: AcumaticaAdjustmentRow) => {
    const out = wrap(fields.InventoryAdjustment, r as unknown as Record<string, unknown>);
    out.Details = r.Details.map((d, i) => wrap(fields.InventoryAdjustmentDetail, { id: `${r.id}-${i + 1}`, ...d }));
    return out;
  };

  function stockItems(fields: Fields, q: URLSearchParams): Answer {
    const expand = (q.get('$expand') ?? '').split(',').includes('WarehouseDetails');
    const rows = o.items.map((i) => {
      const s = o.stock.find((x) => x.InventoryID === i.InventoryID);
      return { id: `StockItem-${i.InventoryID}`, ...i, ...(s ? { DefaultWarehouseID: s.DefaultWarehouseID, DefaultPrice: s.DefaultPrice } : {}) };
    });
    return {
      status: 200,
      body: page(filter(rows, q.get('$filter')), q).map((r) => {
        const out = wrap(fields.StockItem, r);
        const s = o.stock.find((x) => x.InventoryID === r.InventoryID);
        if (expand) out.WarehouseDetails = (s?.WarehouseDetails ?? []).map((w) => wrap(fields.StockItemWarehouseDetail, { id: `${r.id}-${w.WarehouseID}`, ...w }));
        return out;
      }),
    };
  }

  function put(fields: Fields, raw: unknown): Answer {
    const rec = unwrap(fields.InventoryAdjustment, 'InventoryAdjustment', raw);
    const lines = Array.isArray((raw as Record<string, unknown>).Details) ? ((raw as Record<string, unknown>).Details as unknown[]).map((d) => unwrap(fields.InventoryAdjustmentDetail, 'InventoryAdjustmentDetail', d)) : [];
    if (!lines.length) throw new Failure(422, 'The document has no lines.', 'PX.Api.ContractBased.OutcomeEntityHasErrorsException');
    const details = lines.map((d) => {
      const item = o.items.find((i) => i.InventoryID === d.InventoryID);
      if (!item) throw new Failure(422, `'Inventory ID' cannot be found in the system: ${String(d.InventoryID)}.`, 'PX.Api.ContractBased.OutcomeEntityHasErrorsException');
      const warehouse = String(d.WarehouseID ?? o.stock.find((s) => s.InventoryID === item.InventoryID)?.DefaultWarehouseID ?? '');
      if (!warehouse) throw new Failure(422, "'Warehouse' cannot be empty.", 'PX.Api.ContractBased.OutcomeEntityHasErrorsException');
      const qty = Number(d.Qty);
      if (!Number.isFinite(qty) || qty === 0) throw new Failure(422, `'Quantity' cannot be ${String(d.Qty)}.`, 'PX.Api.ContractBased.OutcomeEntityHasErrorsException');
      return { InventoryID: item.InventoryID, WarehouseID: warehouse, Qty: qty, ReasonCode: typeof d.ReasonCode === 'string' ? d.ReasonCode : null };
    });
    const hold = rec.Hold === undefined ? true : Boolean(rec.Hold);
    const row: AcumaticaAdjustmentRow = {
      id: randomUUID(), ReferenceNbr: `ADJ${String(adjustments.length + 1).padStart(6, '0')}`, Date: String(rec.Date ?? o.now()).slice(0, 10),
      Description: typeof rec.Description === 'string' ? rec.Description : null, ExternalRef: typeof rec.ExternalRef === 'string' ? rec.ExternalRef : null,
      Hold: hold, Status: hold ? 'On Hold' : 'Balanced', TotalQty: details.reduce((n, d) => n + d.Qty, 0), LastModifiedDateTime: o.now(), Details: details,
    };
    adjustments.push(row);
    return { status: 200, body: wrapAdjustment(fields, row) };
  }

  function get(fields: Fields, q: URLSearchParams): Answer {
    return { status: 200, body: page(filter(adjustments as unknown as Array<Record<string, unknown>>, q.get('$filter')), q).map((r) => wrapAdjustment(fields, r as unknown as AcumaticaAdjustmentRow)) };
  }

  function release(raw: unknown): Failure | null {
    const e = ((raw as { entity?: Record<string, unknown> }).entity ?? {}) as Record<string, unknown>;
    const row = adjustments.find((a) => a.id === e.id);
    if (!row) throw new Failure(500, 'No entity satisfies the condition.', 'PX.Api.ContractBased.NoEntitySatisfiesTheConditionException');
    if (row.Status === 'Released') return new Failure(500, `The document ${row.ReferenceNbr} has been released already.`);
    if (row.Status === 'On Hold') return new Failure(500, `The document ${row.ReferenceNbr} is on hold and cannot be released.`);
    const moves = row.Details.map((d) => {
      let s = o.stock.find((x) => x.InventoryID === d.InventoryID);
      if (!s) {
        s = { InventoryID: d.InventoryID, DefaultWarehouseID: d.WarehouseID, DefaultPrice: 0, WarehouseDetails: [] };
        o.stock.push(s);
      }
      let w = s.WarehouseDetails.find((x) => x.WarehouseID === d.WarehouseID);
      if (!w) {
        w = { WarehouseID: d.WarehouseID, QtyOnHand: 0 };
        s.WarehouseDetails.push(w);
      }
      if (w.QtyOnHand + d.Qty < 0) return new Failure(500, `Inventory quantity for ${d.InventoryID} in warehouse ${d.WarehouseID} will go negative.`);
      return { w, qty: d.Qty };
    });
    const refused = moves.find((m): m is Failure => m instanceof Failure);
    if (refused) return refused;
    for (const m of moves as Array<{ w: { QtyOnHand: number }; qty: number }>) m.w.QtyOnHand += m.qty;
    row.Status = 'Released';
    row.Hold = false;
    row.LastModifiedDateTime = o.now();
    return null;
  }

  return { adjustments, stockItems, put, get, release };
}
