import { randomUUID } from 'node:crypto';
import { decimalToMinor } from '../../erp/wire-decimal';
import { Failure, filter, page, unwrap, wrap, unprocessableRecord } from './emulator-records';
import type { AcumaticaEntity } from './emulator-schema';
import type { AcumaticaSalesInvoiceRow } from './emulator-sales-invoice';
import { SEED_BRANCHES, SEED_CURRENCIES, type SeedCustomer, type SeedOrderType, type SeedStockItem, type SeedWarehouse } from './emulator-seed';

/** A sales order as the emulator keeps it (swagger SalesOrder / SalesOrderDetail, both versions). */
export interface AcumaticaSalesOrderRow {
  id: string;
  OrderType: string;
  OrderNbr: string;
  CustomerID: string;
  CustomerOrder: string | null;
  Date: string;
  CurrencyID: string;
  Description: string | null;
  Hold: boolean;
  /** On Hold, or Open once off hold (status words UNVERIFIED: the swagger gives Status as a string). */
  Status: 'On Hold' | 'Open';
  OrderTotal: number;
  LastModified: string;
  Details: Array<{ LineNbr: number; InventoryID: string; OrderQty: number; UnitPrice: number; Amount: number; Operation: string; ReasonCode: string | null; InvoiceType: string | null; InvoiceNbr: string | null; LineDescription: string | null; Branch: string; WarehouseID: string | null }>;
}

type Fields = Record<AcumaticaEntity, readonly string[]>;
type Answer = { status: number; body: unknown };

export interface SalesOrderBook {
  readonly rows: AcumaticaSalesOrderRow[];
  put(fields: Fields, raw: unknown): Answer;
  get(fields: Fields, keys: string[], q: URLSearchParams): Answer;
}

/**
 * Sales orders, as far as customer returns need them: PUT creates an order of a known type, or takes one off
 * hold (the only update it allows); GET by OrderType/OrderNbr or as a filtered list. A line of a return type
 * (behaviour RC) must be a Receipt with one of the tenant's reason codes, and the invoice it names must be a
 * released invoice of the same customer carrying the item; an order type whose lines issue takes Issue lines.
 * CustomerOrder is not unique (UNVERIFIED either way, NOTES §4.5), so a client must look first. Refusals are
 * 422 with the error on the field (NOTES §4.7), their wording UNVERIFIED.
 */
export function salesOrderBook(o: {
  customers: readonly SeedCustomer[]; items: readonly SeedStockItem[]; orderTypes: readonly SeedOrderType[]; reasonCodes: readonly string[]; warehouses: readonly SeedWarehouse[];
  invoices: () => readonly AcumaticaSalesInvoiceRow[]; holdOnEntry: boolean; now: () => string;
}): SalesOrderBook {
  const rows: AcumaticaSalesOrderRow[] = [];
  const wrapOrder = (fields: Fields, r: AcumaticaSalesOrderRow) => {
    const out = wrap(fields.SalesOrder, r as unknown as Record<string, unknown>);
    out.Details = r.Details.map((d) => wrap(fields.SalesOrderDetail, { id: `${r.id}-${d.LineNbr}`, ...d }));
    return out;
  };

  function put(fields: Fields, raw: unknown): Answer {
    const rec = unwrap(fields.SalesOrder, 'SalesOrder', raw);
    const details = Array.isArray((raw as Record<string, unknown>).Details) ? ((raw as Record<string, unknown>).Details as unknown[]).map((d) => unwrap(fields.SalesOrderDetail, 'SalesOrderDetail', d)) : [];
    const id = (raw as { id?: unknown }).id;
    const existing = rows.find((r) => (typeof id === 'string' && r.id === id) || (rec.OrderNbr !== undefined && r.OrderType === rec.OrderType && r.OrderNbr === rec.OrderNbr));
    if (existing) return update(fields, existing, rec, details.length);

    const errors: Record<string, string> = {};
    const type = o.orderTypes.find((t) => t.OrderType === rec.OrderType);
    if (!type) errors.OrderType = `'Order Type' cannot be found in the system.`;
    const customer = o.customers.find((c) => c.CustomerID === rec.CustomerID);
    if (!customer) errors.CustomerID = `'Customer' cannot be found in the system.`;
    else if (customer.Status !== 'Active') errors.CustomerID = `The customer status is '${customer.Status}'.`;
    const currency = String(rec.CurrencyID ?? customer?.CurrencyID ?? 'USD');
    const precision = SEED_CURRENCIES.find((c) => c.CurrencyID === currency)?.DecimalPrecision;
    if (precision === undefined) errors.CurrencyID = `'Currency' cannot be found in the system.`;
    if (!details.length) errors.Details = 'The document has no lines.';
    const lineErrors = details.map((d) => {
      const e: Record<string, string> = {};
      const item = o.items.find((i) => i.InventoryID === d.InventoryID);
      if (!item) e.InventoryID = `'Inventory ID' cannot be found in the system.`;
      if (!(Number(d.OrderQty) > 0)) e.OrderQty = 'The quantity must be greater than 0.';
      if (d.Branch !== undefined && !SEED_BRANCHES.includes(d.Branch as (typeof SEED_BRANCHES)[number])) e.Branch = `'Branch' cannot be found in the system.`;
      if (d.WarehouseID !== undefined) {
        const w = o.warehouses.find((x) => x.WarehouseID === d.WarehouseID);
        if (!w) e.WarehouseID = `'Warehouse' cannot be found in the system.`;
        else if (!w.Active) e.WarehouseID = `The warehouse ${w.WarehouseID} is inactive.`;
      }
      const operation = String(d.Operation ?? (type?.behavior === 'RC' ? 'Receipt' : 'Issue'));
      if (type && operation !== (type.behavior === 'RC' ? 'Receipt' : 'Issue')) e.Operation = `The operation ${operation} is not allowed for the order type ${type.OrderType}.`;
      if (type?.behavior === 'RC' && !o.reasonCodes.includes(String(d.ReasonCode ?? ''))) e.ReasonCode = d.ReasonCode === undefined ? "'Reason Code' cannot be empty." : `'Reason Code' ${String(d.ReasonCode)} cannot be found in the system.`;
      if (d.InvoiceNbr !== undefined) {
        const inv = o.invoices().find((x) => x.Type === (d.InvoiceType ?? 'Invoice') && x.ReferenceNbr === d.InvoiceNbr);
        if (!inv || (inv.Status !== 'Open' && inv.Status !== 'Closed')) e.InvoiceNbr = `The invoice ${String(d.InvoiceNbr)} cannot be found among the released documents.`;
        else if (inv.CustomerID !== rec.CustomerID) e.InvoiceNbr = `The invoice ${inv.ReferenceNbr} belongs to customer ${inv.CustomerID}.`;
        else if (!inv.Details.some((l) => l.InventoryID === d.InventoryID)) e.InvoiceNbr = `The invoice ${inv.ReferenceNbr} has no line of item ${String(d.InventoryID)}.`;
      }
      return e;
    });
    const refused = unprocessableRecord(rec, errors, details, lineErrors);
    if (refused) return refused;
    const exp = precision as 0 | 2 | 3;
    const lines = details.map((d, i) => {
      const qty = Number(d.OrderQty);
      const price = Number(d.UnitPrice ?? 0);
      return {
        LineNbr: i + 1, InventoryID: String(d.InventoryID), OrderQty: qty, UnitPrice: price, Amount: Math.round(qty * decimalToMinor(price, exp)) / 10 ** exp,
        Operation: String(d.Operation ?? (type!.behavior === 'RC' ? 'Receipt' : 'Issue')), ReasonCode: typeof d.ReasonCode === 'string' ? d.ReasonCode : null,
        InvoiceType: d.InvoiceNbr !== undefined ? String(d.InvoiceType ?? 'Invoice') : null, InvoiceNbr: typeof d.InvoiceNbr === 'string' ? d.InvoiceNbr : null,
        LineDescription: typeof d.LineDescription === 'string' ? d.LineDescription : null, Branch: String(d.Branch ?? SEED_BRANCHES[0]),
        WarehouseID: typeof d.WarehouseID === 'string' ? d.WarehouseID : null,
      };
    });
    const hold = o.holdOnEntry || rec.Hold === undefined || Boolean(rec.Hold);
    const row: AcumaticaSalesOrderRow = {
      id: randomUUID(), OrderType: type!.OrderType, OrderNbr: `${type!.OrderType}${String(rows.filter((r) => r.OrderType === type!.OrderType).length + 1).padStart(6, '0')}`,
      CustomerID: String(rec.CustomerID), CustomerOrder: typeof rec.CustomerOrder === 'string' ? rec.CustomerOrder : null, Date: String(rec.Date ?? o.now()).slice(0, 10),
      CurrencyID: currency, Description: typeof rec.Description === 'string' ? rec.Description : null, Hold: hold, Status: hold ? 'On Hold' : 'Open',
      OrderTotal: lines.reduce((s, l) => s + decimalToMinor(l.Amount, exp), 0) / 10 ** exp, LastModified: o.now(), Details: lines,
    };
    rows.push(row);
    return { status: 200, body: wrapOrder(fields, row) };
  }

  /** Only Hold may change: what a client needs to open an order a tenant held on entry. */
  function update(fields: Fields, r: AcumaticaSalesOrderRow, rec: Record<string, unknown>, detailCount: number): Answer {
    const changes = [...Object.keys(rec).filter((k) => k !== 'OrderType' && k !== 'OrderNbr' && k !== 'Hold'), ...(detailCount ? ['Details'] : [])];
    if (changes.length) throw new Failure(422, `Updating ${changes.join(', ')} of a sales order is not supported by this emulator.`);
    if (rec.Hold !== undefined) {
      r.Hold = Boolean(rec.Hold);
      r.Status = r.Hold ? 'On Hold' : 'Open';
      r.LastModified = o.now();
    }
    return { status: 200, body: wrapOrder(fields, r) };
  }

  function get(fields: Fields, keys: string[], q: URLSearchParams): Answer {
    if (keys.length === 2) {
      const r = rows.find((x) => x.OrderType === keys[0] && x.OrderNbr === keys[1]);
      if (!r) throw new Failure(500, 'No entity satisfies the condition.', 'PX.Api.ContractBased.NoEntitySatisfiesTheConditionException');
      return { status: 200, body: wrapOrder(fields, r) };
    }
    const found = page(filter(rows as unknown as Array<Record<string, unknown>>, q.get('$filter')), q) as unknown as AcumaticaSalesOrderRow[];
    return { status: 200, body: found.map((r) => wrapOrder(fields, r)) };
  }

  return { rows, put, get };
}
