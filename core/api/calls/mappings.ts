import { z } from 'zod';
import { MAPPABLE_CATEGORIES } from '../../mapping/mapping-entry';
import { CATEGORY_LABELS } from '../../settlement/line-labels';
import { define } from '../define';

/** The categories a category rule may name, for the Mappings screen's choice. */
export const CATEGORY_CHOICES = MAPPABLE_CATEGORIES;

/** What each category is called on screen (Referral fees), so no screen shows a category key. */
export const CATEGORY_NAMES: Readonly<Record<string, string>> = CATEGORY_LABELS;

const MappingKindSchema = z.enum(['fee', 'category', 'sku', 'marketplace', 'account']);

export const MappingKeySchema = z.object({
  kind: MappingKindSchema,
  transactionType: z.string().max(200).default(''),
  amountType: z.string().max(200).default(''),
  amountDescription: z.string().max(200).default(''),
  /** Line category (category rules), SKU, marketplace name, or account role (clearing, bank, carriedForward, reserve). */
  subject: z.string().max(200).default(''),
});

export const MappingEntrySchema = MappingKeySchema.extend({
  target: z.string().max(100),
  dimensions: z.record(z.string(), z.string()).default({}),
});
export type MappingEntryInput = z.input<typeof MappingEntrySchema>;

export const MappingViewSchema = MappingEntrySchema.extend({ updatedAt: z.string(), updatedBy: z.string() });
export type MappingView = z.infer<typeof MappingViewSchema>;

const LineRuleSchema = z.object({
  transactionType: z.string(), amountType: z.string(), amountDescription: z.string(), category: z.string().nullable(),
  count: z.number().int(), rule: z.string().nullable(), target: z.string().nullable(),
});
export type LineRuleView = z.infer<typeof LineRuleSchema>;

const RecordSchema = z.object({ code: z.string(), name: z.string(), postable: z.boolean() });
/** An account also says what kind it is, where the ERP says: its nature and the ERP's own word for its type. */
const AccountRecordSchema = RecordSchema.extend({ nature: z.enum(['revenue', 'expense', 'balance']).optional(), typeLabel: z.string().optional() });
const KindsSchema = z.object({ accounts: z.number(), dimensions: z.number(), items: z.number(), customers: z.number(), taxCodes: z.number(), freightCodes: z.number() });

export const ReferenceDataViewSchema = z.object({
  accounts: z.array(AccountRecordSchema),
  dimensions: z.array(RecordSchema.extend({ values: z.array(RecordSchema) })),
  items: z.array(RecordSchema),
  customers: z.array(RecordSchema),
  /** The ERP's tax codes (what an invoice line's tax code names) and freight codes (SAP B1's additional expenses; empty elsewhere). */
  taxCodes: z.array(RecordSchema),
  freightCodes: z.array(RecordSchema),
  refreshedAt: z.object({ accounts: z.string(), dimensions: z.string(), items: z.string(), customers: z.string(), taxCodes: z.string(), freightCodes: z.string() }).partial(),
});
export type ReferenceDataView = z.infer<typeof ReferenceDataViewSchema>;

const FeeTypeSchema = z.object({
  transactionType: z.string(), amountType: z.string(), amountDescription: z.string(), category: z.string().nullable(),
  /** Its lines in the current settlements, summed per currency (minor units); absent for a catalogue type not seen here. */
  seen: z.object({ lineCount: z.number().int(), amounts: z.array(z.object({ currency: z.string(), amount: z.number().int() })) }).optional(),
});
export const MappingSuggestionSchema = z.object({ type: FeeTypeSchema, account: z.string(), accountName: z.string(), reason: z.string(), score: z.number() });
export type MappingSuggestionView = z.infer<typeof MappingSuggestionSchema>;

const ProblemSchema = z.object({ field: z.string(), message: z.string() });
const connection = z.object({ connectionId: z.string().min(1) });

export const DescriptionTemplateViewSchema = z.object({
  template: z.string(),
  /** False: the application's own template. */
  custom: z.boolean(),
  defaultTemplate: z.string(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
  placeholders: z.array(z.object({ name: z.string(), meaning: z.string() })),
  /** Lines of the latest settlement (else of an example one) as the template (or the draft) words them. */
  examples: z.array(z.string()),
  /** What is wrong with the draft; empty when it can be saved. */
  problems: z.array(z.string()),
});
export type DescriptionTemplateView = z.infer<typeof DescriptionTemplateViewSchema>;

export const StarterChartViewSchema = z.object({
  /** False: no starter chart for this ERP kind. */
  available: z.boolean(),
  /** False: the accounts are listed to create by hand; the app cannot create them through this ERP's API. */
  canCreate: z.boolean(),
  accounts: z.array(z.object({
    number: z.string(), name: z.string(), kind: z.enum(['asset', 'liability', 'income', 'expense']),
    existing: z.object({ name: z.string(), postable: z.boolean() }).nullable(),
  })),
  rules: z.array(z.object({ account: z.string(), label: z.string(), state: z.enum(['new', 'same', 'kept']), current: z.string().nullable() })),
});
export type StarterChartView = z.infer<typeof StarterChartViewSchema>;

export const mappingCalls = {
  'mappings.list': define({
    summary: 'The mapping rules of one ERP connection',
    input: connection,
    output: z.array(MappingViewSchema),
  }),
  'mappings.reference': define({
    summary: 'The cached chart of accounts, dimensions, items, customers, tax codes and freight codes of one ERP connection',
    input: connection,
    output: ReferenceDataViewSchema,
  }),
  'mappings.refreshReference': define({
    summary: 'Reads what changed in the ERP\'s accounts, dimensions, items, customers, tax codes and freight codes into the cache',
    input: connection,
    output: z.object({ read: KindsSchema, incremental: z.object({ accounts: z.boolean(), dimensions: z.boolean(), items: z.boolean(), customers: z.boolean(), taxCodes: z.boolean(), freightCodes: z.boolean() }) }),
    progress: true,
  }),
  'mappings.check': define({
    summary: 'What the ERP data says against a rule, without saving it',
    input: connection.extend({ entry: MappingEntrySchema }),
    output: z.object({ problems: z.array(ProblemSchema) }),
  }),
  'mappings.save': define({
    summary: 'Adds or changes one rule; refused when its account, item, customer or dimension is not usable in the ERP',
    input: connection.extend({ entry: MappingEntrySchema, source: z.enum(['editor', 'suggestion']).default('editor') }),
    output: MappingViewSchema,
  }),
  'mappings.remove': define({
    summary: 'Removes one rule',
    input: connection.extend({ key: MappingKeySchema }),
    output: z.object({ removed: z.boolean() }),
  }),
  'mappings.suggest': define({
    summary: 'Known fee types no rule covers, with suggested accounts and why; nothing is applied',
    input: connection.extend({ catalogue: z.boolean().default(false) }),
    output: z.object({ unmapped: z.array(FeeTypeSchema), suggestions: z.array(MappingSuggestionSchema) }),
  }),
  'mappings.usage': define({
    summary: 'Each combination the current settlements hold, its category, and the rule its lines use (null when none)',
    input: connection,
    output: z.array(LineRuleSchema),
  }),
  'mappings.exportCsv': define({
    summary: 'The rules of one connection as CSV',
    input: connection,
    output: z.object({ fileName: z.string(), csv: z.string(), rows: z.number().int() }),
  }),
  'mappings.importCsv': define({
    summary: 'Adds or changes the rules in a CSV; changes nothing when any row is bad',
    input: connection.extend({ csv: z.string().max(20_000_000) }),
    output: z.object({ changed: z.number().int(), unchanged: z.number().int() }),
  }),
  'mappings.starterChart': define({
    summary: 'The starter accounts an Amazon seller needs in this ERP: which exist, which would be created, and the rules that would map them; nothing is changed',
    input: connection,
    output: StarterChartViewSchema,
  }),
  'mappings.createStarterChart': define({
    summary: 'Creates the starter accounts the ERP does not have and maps them where no rule maps yet; the user\'s rules stay',
    input: connection,
    output: z.object({ created: z.array(z.string()), existing: z.array(z.string()), mapped: z.number().int(), kept: z.number().int() }),
    progress: true,
  }),
  'mappings.descriptionTemplate': define({
    summary: 'The words of the ledger lines a connection posts: its template, the placeholders, and example lines (of a draft when given, saving nothing)',
    input: connection.extend({ draft: z.string().max(200, 'The description template is longer than 200 characters.').optional() }),
    output: DescriptionTemplateViewSchema,
  }),
  'mappings.setDescriptionTemplate': define({
    summary: "Sets a connection's line description template (null: the application's own); withdraws approvals whose words it changes",
    input: connection.extend({ template: z.string().max(200, 'The description template is longer than 200 characters.').nullable() }),
    output: DescriptionTemplateViewSchema,
  }),
};
