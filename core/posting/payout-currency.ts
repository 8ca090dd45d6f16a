/** One document the payout would settle, with the currency it was made out in. */
export interface PayoutDocumentCurrency { orderId: string; currency: string }

export interface PayoutCurrencyInput {
  settlementId: string;
  /** The settlement's own currency (what Amazon paid out). */
  settlementCurrency: string;
  /** The local currency the journal is converted into, where the ERP's journals post only in it. */
  convertedInto: string | null;
  connectionName: string;
  documents: readonly PayoutDocumentCurrency[];
}

/**
 * Why a payout cannot settle its invoices and credit notes in their currency, or null when it can. A payment
 * settles a document only in the document's currency: a payout converted into the company's currency, or
 * one in another currency than the invoices (orders invoiced in another marketplace's currency), would leave
 * each document open by an exchange difference nobody approved. It names the settlement, the currencies and
 * the orders, and says what the user can do.
 */
export function payoutCurrencyRefusal(i: PayoutCurrencyInput): string | null {
  // A converted journal is refused whatever the documents' currency: what the settlement paid for each is in its own currency.
  const others = i.convertedInto ? i.documents : i.documents.filter((d) => d.currency.toUpperCase() !== i.settlementCurrency.toUpperCase());
  if (!others.length) return null;
  const currencies = [...new Set(others.map((d) => d.currency.toUpperCase()))].sort();
  const orders = [...new Set(others.map((d) => d.orderId))];
  const listed = `${orders.slice(0, 5).join(', ')}${orders.length > 5 ? ` and ${orders.length - 5} more` : ''}`;
  const documents = `${others.length} invoice${others.length === 1 ? '' : 's'} and credit note${others.length === 1 ? '' : 's'} in ${currencies.join(' and ')} (order${orders.length === 1 ? '' : 's'} ${listed})`;
  if (i.convertedInto) {
    return `Settlement ${i.settlementId} pays out in ${i.settlementCurrency}, which ${i.connectionName} posts converted into ${i.convertedInto}, its local currency; a payment in ${i.convertedInto} cannot settle its ${documents}, so nothing of this settlement was sent. `
      + `Post this marketplace's orders and settlements to a company that keeps its books in ${i.settlementCurrency}, or switch ${i.connectionName} to "Settlement only" and credit the invoices already made for these orders there, so their revenue is not booked twice.`;
  }
  return `Settlement ${i.settlementId} pays out in ${i.settlementCurrency}, but ${documents} were made out in another currency; a payment in ${i.settlementCurrency} cannot settle them, so nothing of this settlement was sent. `
    + `Check that these orders belong to this settlement's marketplace and currency; an order invoiced in the wrong currency is credited in ${i.connectionName} and invoiced again in ${i.settlementCurrency} under Orders, then this settlement can be posted.`;
}
