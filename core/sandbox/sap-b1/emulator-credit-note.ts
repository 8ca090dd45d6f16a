import { businessError } from './emulator-errors';
import { documentParts, round2, type StoredInvoice } from './emulator-invoice';
import type { SapB1Seed } from './emulator-seed';

type Row = Record<string, unknown>;

/** An A/R credit note as stored and answered (edmx EntitySet CreditNotes of EntityType Document): the invoice's shape. */
export type StoredCreditNote = StoredInvoice;

/** BoObjectTypes oInvoices (edmx EnumType BoObjectTypes): the only base a credit note's line is copied from here. */
const INVOICES = 13;
const CENT = 0.005;

/**
 * What each document has been settled in its own currency, by set: an invoice's by payments and by the
 * credit notes copied from it, a credit note's by that copy and by payments. (PaidToDate is the local amount.)
 */
export interface SettledAmounts {
  invoices: Map<number, number>;
  creditNotes: Map<number, number>;
}

/**
 * POST CreditNotes: an A/R credit note, booked on create, numbered from its own series. A line copied from
 * an invoice line (BaseType 13, BaseEntry, BaseLine: ComplexType DocumentLine) must name an open invoice
 * of the same customer and currency, the same item, and no more than that line's RemainingOpenQuantity,
 * which the copy lowers; an additional expense copies one of the invoice's (BaseDocType, BaseDocEntry,
 * BaseDocLine). What the copied part comes to is reconciled against the invoice at once: the invoice's
 * balance falls by it (closing it when nothing is left) and the credit note is settled by as much, so only
 * its unlinked rest stays open for a payment to apply. That B1 reconciles a copied credit note this way is
 * how its documents behave in the client; the Service Layer's exact bookkeeping and the wording of these
 * refusals (under -5002, NOTES §3.2) are UNVERIFIED. Like invoices, a repeated NumAtCard is accepted.
 */
export function postCreditNote(
  body: Row, seed: SapB1Seed, invoices: readonly StoredInvoice[], creditNotes: StoredCreditNote[], settled: SettledAmounts, rateFor: (currency: string, date: string) => number,
): StoredCreditNote {
  const parts = documentParts(body, seed, rateFor);
  const local = parts.DocCurrency === seed.localCurrency;
  const baseOf = (type: unknown, entry: unknown, where: string): StoredInvoice => {
    if (type !== INVOICES) throw businessError(`Base document type ${String(type)} cannot be copied to an A/R credit note (${where}).`);
    const invoice = invoices.find((i) => i.DocEntry === entry);
    if (!invoice) throw businessError(`Base document ${String(entry)} does not exist (${where}).`);
    if (invoice.Cancelled === 'tYES') throw businessError(`Base document ${invoice.DocNum} is cancelled (${where}).`);
    if (invoice.CardCode !== parts.CardCode) throw businessError(`Base document ${invoice.DocNum} belongs to business partner '${invoice.CardCode}', not '${parts.CardCode}' (${where}).`);
    if (invoice.DocCurrency !== parts.DocCurrency) throw businessError(`Base document ${invoice.DocNum} is in ${invoice.DocCurrency}, the credit note in ${parts.DocCurrency} (${where}).`);
    return invoice;
  };

  const copied = new Map<StoredInvoice, number>();
  const take: Array<() => void> = [];
  const wanted = new Map<Row, number>();
  parts.DocumentLines.forEach((line, i) => {
    if (line.BaseType === undefined) return;
    const where = `line ${i + 1}`;
    const invoice = baseOf(line.BaseType, line.BaseEntry, where);
    const base = invoice.DocumentLines.find((b) => b.LineNum === line.BaseLine);
    if (!base) throw businessError(`Base document ${invoice.DocNum} has no line ${String(line.BaseLine)} (${where}).`);
    if (base.ItemCode !== line.ItemCode) throw businessError(`Item '${String(line.ItemCode)}' differs from item '${String(base.ItemCode)}' of the base line (${where}).`);
    const quantity = Number(line.Quantity);
    const open = Number(base.RemainingOpenQuantity) - (wanted.get(base) ?? 0);
    if (quantity > open + 1e-9) throw businessError(`Quantity ${quantity} exceeds the open quantity ${open} of base document ${invoice.DocNum}, line ${String(line.BaseLine)} (${where}).`);
    wanted.set(base, (wanted.get(base) ?? 0) + quantity);
    copied.set(invoice, (copied.get(invoice) ?? 0) + Number(line.LineTotal) + Number(line.TaxTotal ?? 0));
    take.push(() => { base.RemainingOpenQuantity = round2(Number(base.RemainingOpenQuantity) - quantity); });
  });
  parts.DocumentAdditionalExpenses.forEach((expense, i) => {
    if (expense.BaseDocType === undefined) return;
    const where = `additional expense ${i + 1}`;
    const invoice = baseOf(expense.BaseDocType, expense.BaseDocEntry, where);
    const base = invoice.DocumentAdditionalExpenses.find((b) => b.LineNum === expense.BaseDocLine);
    if (!base || base.ExpenseCode !== expense.ExpenseCode) throw businessError(`Base document ${invoice.DocNum} has no additional expense ${String(expense.ExpenseCode)} at line ${String(expense.BaseDocLine)} (${where}).`);
    copied.set(invoice, (copied.get(invoice) ?? 0) + Number(expense.LineTotal) + Number(expense.TaxSum ?? 0));
  });

  const docEntry = (creditNotes.at(-1)?.DocEntry ?? 0) + 1;
  const note: StoredCreditNote = { DocEntry: docEntry, DocNum: 70_000 + docEntry, ...parts };
  const noteTotal = local ? note.DocTotal : note.DocTotalFc;
  let reconciled = 0;
  for (const [invoice, amount] of copied) {
    const invoiceTotal = local ? invoice.DocTotal : invoice.DocTotalFc;
    const paid = settled.invoices.get(invoice.DocEntry) ?? 0;
    const credit = round2(Math.min(amount, invoiceTotal - paid, noteTotal - reconciled));
    if (credit <= 0) continue;
    reconciled = round2(reconciled + credit);
    const after = round2(paid + credit);
    settled.invoices.set(invoice.DocEntry, after);
    invoice.PaidToDate = local ? after : round2(after * invoice.DocRate);
    if (after >= invoiceTotal - CENT) invoice.DocumentStatus = 'bost_Close';
  }
  for (const t of take) t();
  settled.creditNotes.set(docEntry, reconciled);
  note.PaidToDate = local ? reconciled : round2(reconciled * note.DocRate);
  if (reconciled >= noteTotal - CENT) note.DocumentStatus = 'bost_Close';
  creditNotes.push(note);
  return note;
}
