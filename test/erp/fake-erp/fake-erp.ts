// A made-up ERP, defined here and added to the app through the registry alone: what a new ERP's folder
// holds (settings, fields, secrets, capabilities, a connector), with an in-memory ledger standing in for
// the ERP's server.
import { z } from 'zod';
import type { ErpCapabilities } from '../../../core/erp/erp-capabilities';
import type {
  ConnectionInfo, ErpConnector, FoundDocument, JournalDocument, NaturalKeyKind, PostResult, ReferenceDataKind, ReferenceDataPage, ReferenceRecord,
} from '../../../core/erp/erp-connector';
import { ErpError } from '../../../core/erp/erp-error';
import type { ErpConnectorContext, ErpKindEntry } from '../../../core/erp/erp-kind';
import { registerErpKind } from '../../../core/erp/registry';

export const FAKE_KIND = 'fake-erp';

/** Unlike Business Central: any currency, the ERP numbers documents, a shorter document number. */
export const FAKE_CAPABILITIES: ErpCapabilities = {
  journalCurrencies: 'any-with-rate',
  journalPosting: 'on-create',
  documentNumbers: 'erp',
  lengths: { naturalKey: 30, documentNumber: 12, reference: 60 },
  dimensions: 'named',
  changeSignals: 'polling',
  flows: ['settlementJournals', 'referenceData'],
};

const acct = (code: string, name: string, postable = true): ReferenceRecord => ({ id: code, code, name, postable, lastModified: null });

/** The fake company's chart of accounts. */
export const FAKE_ACCOUNTS: ReferenceRecord[] = [
  acct('1000', 'BALANCE SHEET', false), acct('2920', 'Amazon Clearing'), acct('2930', 'Amazon Reserve'), acct('2950', 'Amazon Carried Forward'),
  acct('6100', 'Sales, Retail - Amazon'), acct('6110', 'Refunds - Amazon'), acct('6200', 'Sales Tax Collected'), acct('8410', 'Amazon Selling Fees'),
  acct('8420', 'FBA Fulfilment Fees'), acct('8450', 'Storage Fees'), acct('8460', 'Subscription'), acct('8490', 'Amazon Variances'),
];

export interface FakeJournal { number: string; naturalKey: string; document: JournalDocument }

/** The fake ERP's server side: its books, and what connectors were made and closed. */
export class FakeLedger {
  readonly journals: FakeJournal[] = [];
  readonly built: FakeErpConnector[] = [];
  apiKey = 'fake-key';

  post(doc: JournalDocument): string {
    const number = `FK-${String(this.journals.length + 1).padStart(6, '0')}`;
    this.journals.push({ number, naturalKey: doc.externalDocumentNumber, document: doc });
    return number;
  }
}

export class FakeErpConnector implements ErpConnector {
  readonly system = FAKE_KIND;
  readonly capabilities = FAKE_CAPABILITIES;
  closed = false;

  constructor(private readonly ledger: FakeLedger, readonly ctx: ErpConnectorContext) {}

  private check(): void {
    if (this.closed) throw new Error('The fake ERP connector was used after close().');
    if (this.ctx.secrets.apiKey !== this.ledger.apiKey) throw new ErpError('The fake ERP refused the API key.', { system: FAKE_KIND, kind: 'auth', retryable: false });
  }

  async testConnection(): Promise<ConnectionInfo> {
    this.check();
    const company = String(this.ctx.settings.company);
    return { principal: 'fake-user', companyId: company, companyName: company, environment: 'in memory', version: '1', localCurrency: 'USD' };
  }

  async readReferenceData(kind: ReferenceDataKind): Promise<ReferenceDataPage> {
    this.check();
    return { records: kind === 'accounts' ? FAKE_ACCOUNTS : [], watermark: null };
  }

  async findByNaturalKey(kind: NaturalKeyKind, key: string): Promise<FoundDocument | null> {
    this.check();
    const j = this.ledger.journals.find((x) => x.naturalKey === key);
    return j ? { kind, documentNumber: j.number, state: 'posted' } : null;
  }

  async postJournal(doc: JournalDocument): Promise<PostResult> {
    this.check();
    const { naturalKey, documentNumber } = FAKE_CAPABILITIES.lengths;
    if (doc.externalDocumentNumber.length > naturalKey || doc.documentNumber.length > documentNumber) {
      throw new ErpError(`Document ${doc.externalDocumentNumber}: a key or number longer than the fake ERP holds.`, { system: FAKE_KIND, kind: 'validation', retryable: false });
    }
    const existing = this.ledger.journals.find((x) => x.naturalKey === doc.externalDocumentNumber);
    if (existing) return { documentNumber: existing.number, alreadyExisted: true, posted: true };
    return { documentNumber: this.ledger.post(doc), alreadyExisted: false, posted: true };
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** Adds the fake ERP kind to the registry, backed by `ledger`; returns how to remove it. */
export function registerFakeErp(ledger: FakeLedger): () => void {
  const entry: ErpKindEntry = {
    kind: FAKE_KIND,
    label: 'Fake Books',
    settings: z.object({ company: z.string().trim().min(1, 'Company is required') }),
    fields: [{ field: 'company', label: 'Company' }],
    secrets: [{ field: 'apiKey', label: 'API key' }],
    capabilities: FAKE_CAPABILITIES,
    connector: {
      build: (ctx) => {
        const c = new FakeErpConnector(ledger, ctx);
        ledger.built.push(c);
        return c;
      },
      test: async (ctx) => {
        const info = await new FakeErpConnector(ledger, ctx).testConnection();
        return { status: 'ok', message: `Connected to ${info.companyName}.`, details: [] };
      },
    },
  };
  return registerErpKind(entry);
}
