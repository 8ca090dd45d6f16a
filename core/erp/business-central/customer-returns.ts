import type { CustomerReturnDocument, ErpReturnReason } from '../erp-connector';
import { ErpError } from '../erp-error';
import { salesCreditMemoBody } from './mapping';

type Row = Record<string, unknown>;

/**
 * Customer returns through API v2.0. The return reasons are the customerReturnReasons entity (id, code,
 * description: BCDOCS dev-itpro/api-reference/v2.0/api/dynamics_customerreturnreason_create.md; it is not
 * among the pages of bc-apiv2-page-fields.json). A return becomes a sales credit memo linked to the posted
 * invoice, carrying the reason as customerReturnReasonId (a field of APIV2SalesCreditMemos.Page.al in
 * bc-apiv2-page-fields.json). API v2.0 has no sales return order page, so a return order is not offered.
 */
export const RETURN_REASONS_SET = 'customerReturnReasons';

export function returnReasonFromRow(r: Row): ErpReturnReason {
  return { code: String(r.code ?? ''), description: typeof r.description === 'string' ? r.description : '' };
}

/** The credit memo body of a return: the refund credit memo's shape, plus the ERP reason's id. */
export function returnCreditMemoBody(doc: CustomerReturnDocument, reasonId: string, localCurrency: string | null): Row {
  const where = { system: 'business-central', kind: 'validation' as const, document: doc.externalDocumentNumber, retryable: false };
  if (doc.kind !== 'credit-note') throw new ErpError(`Return ${doc.externalDocumentNumber}: Business Central's API has no sales return orders; choose a credit note for returns on this connection.`, where);
  if (!doc.invoiceNumber) throw new ErpError(`Return ${doc.externalDocumentNumber}: a credit memo needs the posted invoice of the returned order.`, where);
  return {
    ...salesCreditMemoBody({
      externalDocumentNumber: doc.externalDocumentNumber, invoiceNumber: doc.invoiceNumber, customerNumber: doc.customerNumber,
      creditNoteDate: doc.returnDate, currency: doc.currency, lines: doc.lines,
    }, localCurrency),
    customerReturnReasonId: reasonId,
  };
}
