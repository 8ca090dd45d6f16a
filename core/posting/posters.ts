import type { ErpConnector, JournalDocument, NaturalKeyKind, PostResult } from '../erp/erp-connector';

/** What of a connector posting uses: looking a natural key up, and the create call of each kind. */
export type PostingConnector = Pick<ErpConnector, 'findByNaturalKey' | 'postJournal'>;

/** How one kind of document reaches the ERP: what the ERP calls the kind when looking a key up, and the call that creates it. */
export interface DocumentPoster<D> {
  erpKind: NaturalKeyKind;
  naturalKeyOf(document: D): string;
  post(erp: PostingConnector, document: D): Promise<PostResult>;
}

/**
 * The document kinds the outbox holds, each with its poster. The outbox table stores the kind as data, so
 * a new kind (sales invoice, credit note, payment, order) is an entry here, not a table rebuild.
 */
export const POSTERS = {
  journal: {
    erpKind: 'journal',
    naturalKeyOf: (d) => d.externalDocumentNumber,
    post: (erp, d) => erp.postJournal(d),
  } satisfies DocumentPoster<JournalDocument>,
} as const;

export type DocumentKind = keyof typeof POSTERS;

/** The document a kind carries. */
export type DocumentOf<K extends DocumentKind> = Parameters<(typeof POSTERS)[K]['post']>[1];

export function isDocumentKind(kind: string): kind is DocumentKind {
  return Object.hasOwn(POSTERS, kind);
}
