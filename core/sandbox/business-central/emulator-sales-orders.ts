import { randomUUID } from 'node:crypto';
import { decimalToMinor } from '../../erp/wire-decimal';
import { BcFailure } from './emulator-failure';
import type { EntitySet } from './emulator-schema';

type Row = Record<string, unknown>;

/** What the sales order rules need of the emulated company (emulator.ts). */
export interface SalesOrderHost {
  table(set: EntitySet): Map<string, Row>;
  insert(set: EntitySet, row: Row): void;
  remove(set: EntitySet, row: Row): void;
  modify(set: EntitySet, row: Row, patch: Row): void;
  iso(): string;
  checkCurrency(code: unknown): string;
  /** Posted sales invoice numbers share one series with salesInvoices' post action. */
  nextPostedInvoiceNumber(): string;
  nextPostedShipmentNumber(): string;
}

/**
 * Sales orders as API v2.0 serves them (APIV2SalesOrders.Page.al, APIV2SalesOrderLines.Page.al; NOTES §1.3):
 * a header with lines, created Draft [UNVERIFIED: the status a new order shows through the API], the bound
 * action shipAndInvoice that ships what is open and posts the sales invoice. What a person does in BC's own
 * pages (post a shipment only) is `ship`, for tests and the demo.
 *
 * Posting a fully shipped and invoiced order deletes it and leaves the posted invoice, whose orderNumber
 * names it: standard BC sales posting [UNVERIFIED in NOTES]; the emulator does the same, so a client that
 * looks only for the order finds nothing once it is invoiced.
 */
export function createSalesOrderRules(h: SalesOrderHost) {
  let drafts = 0;
  const customerBy = (input: Row): Row | undefined => {
    if (input.customerId !== undefined) return h.table('customers').get(String(input.customerId));
    for (const c of h.table('customers').values()) if (c.number === input.customerNumber) return c;
    return undefined;
  };
  const linesOf = (order: Row) => [...h.table('salesOrderLines').values()].filter((l) => l.documentId === order.id).sort((a, b) => Number(a.sequence) - Number(b.sequence));
  const amountOf = (quantity: number, price: number) => decimalToMinor(Math.round(quantity * price * 100 + Number.EPSILON) / 100, 2) / 100;

  function recalc(order: Row): void {
    const total = linesOf(order).reduce((s, l) => s + decimalToMinor(Number(l.amountExcludingTax ?? 0), 2), 0);
    const lines = linesOf(order);
    const fullyShipped = lines.length > 0 && lines.every((l) => Number(l.shippedQuantity) >= Number(l.quantity));
    h.modify('salesOrders', order, { totalAmountExcludingTax: total / 100, totalTaxAmount: 0, totalAmountIncludingTax: total / 100, fullyShipped });
  }

  /**
   * Posting a shipment writes a Sales Shipment Header with a line per shipped line (what salesShipments and
   * salesShipmentLines serve), for the quantity shipped now; the order's lines count it as shipped.
   */
  function postShipment(order: Row, lines: readonly Row[]): void {
    const shipping = lines.map((l) => ({ line: l, quantity: Number(l.quantity) - Number(l.shippedQuantity ?? 0) })).filter((x) => x.quantity > 0);
    if (!shipping.length) return;
    const at = h.iso();
    const header: Row = {
      id: randomUUID(), number: h.nextPostedShipmentNumber(), externalDocumentNumber: order.externalDocumentNumber, postingDate: at.slice(0, 10),
      customerId: order.customerId, customerNumber: order.customerNumber, customerName: order.customerName, currencyCode: order.currencyCode, orderNumber: order.number, lastModifiedDateTime: at,
    };
    h.insert('salesShipments', header);
    for (const { line, quantity } of shipping) {
      h.insert('salesShipmentLines', {
        id: randomUUID(), documentId: header.id, documentNo: header.number, sequence: line.sequence, lineType: line.lineType, lineObjectNumber: line.lineObjectNumber,
        description: line.description, unitOfMeasureCode: 'PCS', unitPrice: line.unitPrice, quantity, shipmentDate: at.slice(0, 10),
      });
      h.modify('salesOrderLines', line, { shippedQuantity: line.quantity });
    }
  }

  return {
    createOrder(row: Row, input: Row): void {
      // Labels of APIV2SalesOrders.Page.al, as for sales invoices (emulator.ts createSalesInvoice).
      if (input.customerId === undefined && input.customerNumber === undefined) throw new BcFailure(400, 'Application_DialogException', 'A customerNumber or a customerID must be provided.');
      const customer = customerBy(input);
      if (!customer) throw new BcFailure(400, 'Application_DialogException', 'The customer cannot be found.');
      const ext = String(row.externalDocumentNumber ?? '');
      if (ext.length > 35) throw new BcFailure(400, 'Application_StringExceededLength', `The length of the string is ${ext.length}, but it must be less than or equal to 35 characters. Value: ${ext}`);
      Object.assign(row, { customerId: customer.id, customerNumber: customer.number, customerName: customer.displayName, externalDocumentNumber: ext });
      row.currencyCode = h.checkCurrency(row.currencyCode);
      row.number = `S-ORD${101000 + ++drafts}`;
      row.orderDate ??= h.iso().slice(0, 10);
      row.postingDate ??= row.orderDate;
      row.pricesIncludeTax ??= false;
      row.status = 'Draft';
      row.fullyShipped = false;
      row.totalAmountExcludingTax = 0; row.totalTaxAmount = 0; row.totalAmountIncludingTax = 0;
    },

    createLine(row: Row, order: Row): void {
      row.lineType ??= 'Item';
      if (row.lineType === 'Item') {
        let item: Row | undefined;
        for (const i of h.table('items').values()) if (row.itemId !== undefined ? i.id === row.itemId : i.number === row.lineObjectNumber) item = i;
        if (!item) throw new BcFailure(400, 'Application_DialogException', 'The "lineObjectNumber" does not match to an Item.');
        Object.assign(row, { itemId: item.id, lineObjectNumber: item.number });
        row.description ??= item.displayName;
      }
      row.sequence ??= linesOf(order).reduce((m, l) => Math.max(m, Number(l.sequence)), 0) + 10000;
      row.quantity = Number(row.quantity ?? 0);
      row.unitPrice = Number(row.unitPrice ?? 0);
      row.amountExcludingTax = amountOf(Number(row.quantity), Number(row.unitPrice));
      row.amountIncludingTax = row.amountExcludingTax;
      row.shippedQuantity = 0;
      row.invoicedQuantity = 0;
    },

    /** After lines were inserted, changed or deleted: the header's totals follow. */
    recalc,

    orderOf(line: Row): Row | undefined {
      return h.table('salesOrders').get(String(line.documentId));
    },

    /** A line's quantity cannot go below what was shipped (Sales Line validation; wording [UNVERIFIED]). */
    lineUpdate(line: Row, patch: Row): Row {
      const quantity = patch.quantity !== undefined ? Number(patch.quantity) : Number(line.quantity);
      const price = patch.unitPrice !== undefined ? Number(patch.unitPrice) : Number(line.unitPrice);
      if (quantity < Number(line.shippedQuantity)) {
        throw new BcFailure(400, 'Application_DialogException', `Quantity ${quantity} cannot be less than the quantity shipped, ${String(line.shippedQuantity)}, on line ${String(line.sequence)}.`);
      }
      if (Number(line.shippedQuantity) > 0 && price !== Number(line.unitPrice)) {
        throw new BcFailure(400, 'Application_DialogException', `The unit price cannot be changed on line ${String(line.sequence)} because it has been shipped.`);
      }
      const amount = amountOf(quantity, price);
      return { ...patch, quantity, unitPrice: price, amountExcludingTax: amount, amountIncludingTax: amount };
    },

    checkLineRemovable(line: Row): void {
      if (Number(line.shippedQuantity) > 0) throw new BcFailure(400, 'Application_DialogException', `Line ${String(line.sequence)} cannot be deleted because it has been shipped.`);
    },

    /** DELETE salesOrders({id}) (deleteSalesOrder, BC API v1.0 spec): refused once a line shipped; its lines go with it. */
    linesToDelete(order: Row): Row[] {
      const lines = linesOf(order);
      for (const l of lines) if (Number(l.shippedQuantity) > 0) throw new BcFailure(400, 'Application_DialogException', `Sales order ${String(order.number)} cannot be deleted because line ${String(l.sequence)} has been shipped.`);
      return lines;
    },

    /** A person posts the shipment of everything open on the order in BC (Sales Order page, Post > Ship). */
    ship(order: Row): void {
      postShipment(order, linesOf(order));
      h.modify('salesOrders', order, { status: 'Open', lastModifiedDateTime: h.iso() });
      recalc(order);
    },

    /** Microsoft.NAV.shipAndInvoice: ship what is open, post the invoice, and (fully invoiced) delete the order. */
    shipAndInvoice(order: Row): void {
      const lines = linesOf(order);
      if (lines.length === 0) throw new BcFailure(400, 'Application_DialogException', 'There is nothing to post.');
      postShipment(order, lines);
      const at = h.iso();
      const invoice: Row = {
        id: randomUUID(), number: h.nextPostedInvoiceNumber(), externalDocumentNumber: order.externalDocumentNumber, invoiceDate: at.slice(0, 10), postingDate: at.slice(0, 10),
        dueDate: at.slice(0, 10), customerId: order.customerId, customerNumber: order.customerNumber, customerName: order.customerName, currencyCode: order.currencyCode,
        orderNumber: order.number, pricesIncludeTax: order.pricesIncludeTax, status: 'Open', lastModifiedDateTime: at,
      };
      h.insert('salesInvoices', invoice);
      let total = 0;
      for (const l of lines) {
        total += decimalToMinor(Number(l.amountExcludingTax), 2);
        h.insert('salesInvoiceLines', {
          id: randomUUID(), documentId: invoice.id, sequence: l.sequence, itemId: l.itemId, lineType: l.lineType, lineObjectNumber: l.lineObjectNumber,
          description: l.description, quantity: l.quantity, unitPrice: l.unitPrice, amountExcludingTax: l.amountExcludingTax, amountIncludingTax: l.amountIncludingTax,
        });
      }
      h.modify('salesInvoices', invoice, { totalAmountExcludingTax: total / 100, totalTaxAmount: 0, totalAmountIncludingTax: total / 100 });
      for (const l of lines) h.remove('salesOrderLines', l);
      h.remove('salesOrders', order);
    },
  };
}
