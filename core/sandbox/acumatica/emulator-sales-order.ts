import { randomUUID } from 'node:crypto';
import { decimalToMinor } from '../../erp/wire-decimal';
import { Failure, filter, page, unwrap, wrap, unprocessableRecord } from './emulator-records';
import type { AcumaticaEntity } from './emulator-schema';
import type { AcumaticaSalesInvoiceRow } from './emulator-sales-invoice';
import { SEED_BRANCHES, SEED_CURRENCIES, type SeedCustomer, type SeedOrderType, type SeedStockItem, type SeedWarehouse } from './emulator-seed';

/** A sales order line as the emulator keeps it (swagger SalesOrderDetail, both versions). */
export interface AcumaticaSalesOrderLine {
  LineNbr: number; InventoryID: string; OrderQty: number; UnitPrice: number; Amount: number; Operation: string; ReasonCode: string | null;
  InvoiceType: string | null; InvoiceNbr: string | null; LineDescription: string | null; Branch: string;
  /** The warehouse the line ships from (or a return comes back to): the item's default warehouse when none is named (UNVERIFIED: Acumatica may take the customer location's). */
  WarehouseID: string | null;
  /** What is left to ship; shipments in Acumatica lower it (a test sets it as a shipment would). */
  OpenQty: number;
  Completed: boolean;
}

/** The ship-to fields the emulator keeps: swagger Address and DocContact, linked to SalesOrder as ShipToAddress and ShipToContact. */
export type ShipToAddress = Partial<Record<'AddressLine1' | 'AddressLine2' | 'City' | 'State' | 'PostalCode' | 'Country', string>>;
export type ShipToContact = Partial<Record<'Attention' | 'BusinessName' | 'Email' | 'Phone1', string>>;

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
  /**
   * On Hold, or Open once off hold; Back Order, Completed and Cancelled are what shipping or cancelling it in
   * Acumatica leave, which a test sets as a person would (status words UNVERIFIED: the swagger gives Status as a string).
   */
  Status: 'On Hold' | 'Open' | 'Back Order' | 'Completed' | 'Cancelled';
  OrderTotal: number;
  LastModified: string;
  ShipVia: string | null;
  ShipToAddress: ShipToAddress;
  ShipToContact: ShipToContact;
  /** The record's note: swagger Entity.note, a StringValue every entity has. */
  note: string;
  Details: AcumaticaSalesOrderLine[];
}

/** A sales order as a person enters it on the Sales Orders form, in plain values (the emulator wraps them as PUT takes them). */
export interface EnteredSalesOrder {
  OrderType?: string; CustomerID: string; CustomerOrder?: string; Date?: string; Description?: string; Hold?: boolean; ShipVia?: string;
  ShipToAddress?: ShipToAddress; ShipToContact?: ShipToContact; note?: string;
  Details: Array<{ InventoryID: string; OrderQty: number; UnitPrice?: number; WarehouseID?: string; Operation?: string; ReasonCode?: string }>;
}

type Fields = Record<AcumaticaEntity, readonly string[]>;
type Answer = { status: number; body: unknown };
type Raw = Record<string, unknown>;

export interface SalesOrderBook {
  readonly rows: AcumaticaSalesOrderRow[];
  put(fields: Fields, raw: unknown, headers?: Record<string, string>): Answer;
  get(fields: Fields, keys: string[], q: URLSearchParams): Answer;
  /** A person enters an order in Acumatica's own window; what PUT would refuse is thrown. */
  enter(fields: Fields, order: EnteredSalesOrder): AcumaticaSalesOrderRow;
}

/**
 * Sales orders, as far as customer returns and orders shipped by Amazon need them: PUT creates an order of a
 * known type, or updates one by its id or keys: only Hold and the note change (the rest is refused, not
 * modelled), and not on a Completed or Cancelled order (UNVERIFIED: whether Acumatica lets the note of a
 * closed order change). Under `If-Match: *` a PUT that finds no order answers 412, as under
 * `If-None-Match: *` one that finds it does (swagger 412, NOTES §4.5). GET by OrderType/OrderNbr or as a
 * filtered list; Details, ShipToAddress and ShipToContact come only under $expand (swagger: "the linked and
 * detail entities that should be expanded"), the note always. A line of a return type
 * (behaviour RC) must be a Receipt with one of the tenant's reason codes, and the invoice it names must be a
 * released invoice of the same customer carrying the item; an order type whose lines issue takes Issue lines.
 * CustomerOrder is not unique (UNVERIFIED either way, NOTES §4.5), so a client must look first. Refusals are
 * 422 with the error on the field (NOTES §4.7), their wording UNVERIFIED.
 */
export function salesOrderBook(o: {
  customers: readonly SeedCustomer[]; items: readonly SeedStockItem[]; orderTypes: readonly SeedOrderType[]; reasonCodes: readonly string[];
  warehouses: readonly SeedWarehouse[]; defaultWarehouse: (inventoryId: string) => string | undefined;
  invoices: () => readonly AcumaticaSalesInvoiceRow[]; holdOnEntry: boolean; now: () => string;
}): SalesOrderBook {
  const rows: AcumaticaSalesOrderRow[] = [];
  const ALL = new Set(['Details']);
  const wrapOrder = (fields: Fields, r: AcumaticaSalesOrderRow, expand: ReadonlySet<string> = ALL) => {
    const { Details, ShipToAddress: address, ShipToContact: contact, note, ...head } = r;
    const out = wrap(fields.SalesOrder, head);
    out.note = { value: note };
    if (expand.has('Details')) out.Details = Details.map((d) => wrap(fields.SalesOrderDetail, { id: `${r.id}-${d.LineNbr}`, ...d }));
    if (expand.has('ShipToAddress')) out.ShipToAddress = wrap(fields.Address, { id: `${r.id}-ship-to-address`, ...address });
    if (expand.has('ShipToContact')) out.ShipToContact = wrap(fields.DocContact, { id: `${r.id}-ship-to-contact`, ...contact });
    return out;
  };

  function put(fields: Fields, raw: unknown, h: Record<string, string> = {}): Answer {
    const isRecord = !!raw && typeof raw === 'object' && !Array.isArray(raw);
    const { ShipToAddress: rawAddress, ShipToContact: rawContact, ...plain } = (isRecord ? raw : {}) as Raw;
    const rec = unwrap(fields.SalesOrder, 'SalesOrder', isRecord ? plain : raw);
    const address = rawAddress === undefined ? {} : (unwrap(fields.Address, 'Address', rawAddress) as ShipToAddress);
    const contact = rawContact === undefined ? {} : (unwrap(fields.DocContact, 'DocContact', rawContact) as ShipToContact);
    const note = noteOf(raw as Raw);
    const details = Array.isArray((raw as Raw).Details) ? ((raw as Raw).Details as unknown[]).map((d) => unwrap(fields.SalesOrderDetail, 'SalesOrderDetail', d)) : [];
    const id = (raw as { id?: unknown }).id;
    const existing = rows.find((r) => (typeof id === 'string' && r.id === id) || (rec.OrderNbr !== undefined && r.OrderType === rec.OrderType && r.OrderNbr === rec.OrderNbr));
    // The swagger's 412: insert-only finding the order, or update-only not finding it (NOTES §4.5; wording UNVERIFIED).
    if (existing && h['if-none-match'] === '*') throw new Failure(412, 'The header If-None-Match specifies that the entity has to be inserted but an entity with these keys already exists.', 'PX.Api.ContractBased.EntityAlreadyExistsException');
    if (!existing && h['if-match'] === '*') throw new Failure(412, 'The header If-Match specifies that the entity has to be updated but there is no entity with these keys in the database.', 'PX.Api.ContractBased.NoEntitySatisfiesTheConditionException');
    if (existing) return update(fields, existing, rec, [...(details.length ? ['Details'] : []), ...(rawAddress !== undefined ? ['ShipToAddress'] : []), ...(rawContact !== undefined ? ['ShipToContact'] : [])], note);

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
        WarehouseID: typeof d.WarehouseID === 'string' ? d.WarehouseID : o.defaultWarehouse(String(d.InventoryID)) ?? null, OpenQty: qty, Completed: false,
      };
    });
    const hold = o.holdOnEntry || rec.Hold === undefined || Boolean(rec.Hold);
    const row: AcumaticaSalesOrderRow = {
      id: randomUUID(), OrderType: type!.OrderType, OrderNbr: `${type!.OrderType}${String(rows.filter((r) => r.OrderType === type!.OrderType).length + 1).padStart(6, '0')}`,
      CustomerID: String(rec.CustomerID), CustomerOrder: typeof rec.CustomerOrder === 'string' ? rec.CustomerOrder : null, Date: String(rec.Date ?? o.now()).slice(0, 10),
      CurrencyID: currency, Description: typeof rec.Description === 'string' ? rec.Description : null, Hold: hold, Status: hold ? 'On Hold' : 'Open',
      OrderTotal: lines.reduce((s, l) => s + decimalToMinor(l.Amount, exp), 0) / 10 ** exp, LastModified: o.now(),
      // Ship via codes are not modelled: any is taken (a tenant checks it against Ship Via Codes, CS207500).
      ShipVia: typeof rec.ShipVia === 'string' ? rec.ShipVia : null, ShipToAddress: address, ShipToContact: contact, note: note ?? '', Details: lines,
    };
    rows.push(row);
    return { status: 200, body: wrapOrder(fields, row) };
  }

  /** Only Hold and the note may change: what a client needs to open an order held on entry, or to note Amazon's shipment on it. */
  function update(fields: Fields, r: AcumaticaSalesOrderRow, rec: Record<string, unknown>, refusedParts: readonly string[], note: string | undefined): Answer {
    const changes = [...Object.keys(rec).filter((k) => k !== 'OrderType' && k !== 'OrderNbr' && k !== 'Hold'), ...refusedParts];
    if (changes.length) throw new Failure(422, `Updating ${changes.join(', ')} of a sales order is not supported by this emulator.`);
    if ((rec.Hold !== undefined || note !== undefined) && (r.Status === 'Completed' || r.Status === 'Cancelled')) {
      throw new Failure(500, `The sales order ${r.OrderType} ${r.OrderNbr} is ${r.Status.toLowerCase()} and cannot be changed.`);
    }
    if (rec.Hold !== undefined) {
      r.Hold = Boolean(rec.Hold);
      r.Status = r.Hold ? 'On Hold' : 'Open';
    }
    if (note !== undefined) r.note = note;
    if (rec.Hold !== undefined || note !== undefined) r.LastModified = o.now();
    return { status: 200, body: wrapOrder(fields, r) };
  }

  function enter(fields: Fields, order: EnteredSalesOrder): AcumaticaSalesOrderRow {
    const v = (x: Record<string, unknown>) => Object.fromEntries(Object.entries(x).filter(([, val]) => val !== undefined).map(([k, val]) => [k, { value: val }]));
    const { Details, ShipToAddress: address, ShipToContact: contact, note, ...head } = order;
    const answer = put(fields, {
      ...v({ OrderType: 'SO', Hold: false, ...head }), ...(address ? { ShipToAddress: v(address) } : {}), ...(contact ? { ShipToContact: v(contact) } : {}),
      ...(note !== undefined ? { note: { value: note } } : {}), Details: Details.map((d) => v(d)),
    });
    if (answer.status !== 200) throw new Failure(answer.status, `The sales order was refused: ${JSON.stringify(answer.body)}`);
    return rows.at(-1)!;
  }

  function get(fields: Fields, keys: string[], q: URLSearchParams): Answer {
    if (keys.length === 2) {
      const r = rows.find((x) => x.OrderType === keys[0] && x.OrderNbr === keys[1]);
      if (!r) throw new Failure(500, 'No entity satisfies the condition.', 'PX.Api.ContractBased.NoEntitySatisfiesTheConditionException');
      return { status: 200, body: wrapOrder(fields, r, expanded(q)) };
    }
    const found = page(filter(rows as unknown as Array<Record<string, unknown>>, q.get('$filter')), q) as unknown as AcumaticaSalesOrderRow[];
    return { status: 200, body: found.map((r) => wrapOrder(fields, r, expanded(q))) };
  }

  return { rows, put, get, enter };
}

const expanded = (q: URLSearchParams) => new Set((q.get('$expand') ?? '').split(',').map((e) => e.trim()).filter(Boolean));

/** The record's note as PUT sends it: `"note": {"value": "…"}` (swagger Entity.note, a StringValue); undefined when absent. */
function noteOf(raw: Raw): string | undefined {
  const n = raw.note;
  if (n === undefined) return undefined;
  if (n && typeof n === 'object' && 'value' in n && (typeof (n as { value: unknown }).value === 'string' || (n as { value: unknown }).value === null)) return String((n as { value: unknown }).value ?? '');
  throw new Failure(400, 'SalesOrder.note must be value-wrapped: {"value": ...}.', 'System.ArgumentException');
}
