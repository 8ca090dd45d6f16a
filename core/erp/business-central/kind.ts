import type { ErpKindDescription } from '../erp-kind';
import { MARKER_FIELDS, NO_SHIPPING_AGENT } from './amazon-fulfilment';
import { BUSINESS_CENTRAL_STARTER_CHART } from './starter-chart';
import { BusinessCentralSettingsSchema } from './settings';

/**
 * Business Central as the Connections screen and the flows know it. Capabilities, from
 * ../shared/reference/erp/NOTES.md:
 * - journal currencies local only: journalLines has no currency field (section "Business Central: currency
 *   exchange rates", bc-apiv2-page-fields.json JournalLines);
 * - posted by an action: journals(id)/Microsoft.NAV.post (§1.3);
 * - we number documents: journalLines.documentNumber is writable (§1.3), Code[20]; the natural key travels as
 *   externalDocumentNumber, Code[35]; a line description is Text[100];
 * - named dimensions: dimensions with dimensionValues, dimensionSetLines on lines (§1.3);
 * - notifications: webhook subscriptions on accounts, dimensions, items, customers (§1.8);
 * - accounts created through the Chart_of_Accounts web service, API v2.0's accounts being read-only (chart-of-accounts-page.ts).
 */
export const businessCentralKind: ErpKindDescription = {
  kind: 'business-central',
  label: 'Dynamics 365 Business Central / NAV',
  settings: BusinessCentralSettingsSchema,
  fields: [
    { field: 'deployment', label: 'Deployment', options: [
      { value: 'online', label: 'Business Central online (Microsoft Entra ID)' },
      { value: 'on-premises', label: 'On-premises NAV / Business Central (web service key)' },
    ] },
    { field: 'tenantId', label: 'Tenant id or domain', when: { field: 'deployment', value: 'online' } },
    { field: 'environment', label: 'Environment', hint: 'For example Production or Sandbox', when: { field: 'deployment', value: 'online' } },
    { field: 'clientId', label: 'Application (client) id', when: { field: 'deployment', value: 'online' } },
    { field: 'baseUrl', label: 'Base URL', hint: 'https://server:7048/instance/api/v2.0', when: { field: 'deployment', value: 'on-premises' } },
    { field: 'username', label: 'User name', when: { field: 'deployment', value: 'on-premises' } },
    { field: 'companyName', label: 'Company', optional: true, hint: 'Filled in by Test connection when empty' },
    { field: 'timeZone', label: 'Company time zone', optional: true, hint: 'Where the company\'s months begin, for example Europe/Berlin or Asia/Tokyo. Empty: the marketplace\'s time zone' },
    { field: 'notificationUrl', label: 'Notification URL', optional: true, hint: 'Optional. A public https:// address that reaches this computer; Business Central then tells the app about changes. Empty: the app polls' },
    { field: 'notificationPort', label: 'Local notification port', optional: true, hint: 'The port on this computer your tunnel or proxy forwards the notification URL to' },
  ],
  secrets: [
    { field: 'clientSecret', label: 'Client secret', when: { field: 'deployment', value: 'online' } },
    { field: 'webServiceAccessKey', label: 'Web service access key', when: { field: 'deployment', value: 'on-premises' } },
  ],
  starterChart: BUSINESS_CENTRAL_STARTER_CHART,
  capabilities: {
    journalCurrencies: 'local-only',
    journalPosting: 'by-action',
    documentNumbers: 'us',
    lengths: { naturalKey: 35, documentNumber: 20, reference: 100 },
    dimensions: 'named',
    changeSignals: 'notifications',
    flows: ['settlementJournals', 'referenceData', 'salesInvoices', 'salesCreditNotes', 'customerPayments', 'purchaseInvoices', 'purchaseOrders', 'stockAndPrices', 'changeNotifications', 'salesOrders', 'amazonFulfilment', 'customerReturns', 'accountCreation', 'settlementPayments'],
    // salesOrderLines.locationId, or a text field of salesOrders (amazon-fulfilment.ts MARKER_FIELDS); no shipping agent in API v2.0.
    fulfilmentMarkers: ['location', 'field'],
    fulfilmentMarkerFields: MARKER_FIELDS,
    fulfilmentMarkersWhyNot: { 'shipping-agent': NO_SHIPPING_AGENT },
    // API v2.0 has salesCreditMemos (with customerReturnReasonId) but no sales return order page (bc-apiv2-page-fields.json).
    returnDocuments: ['credit-note'],
  },
  notificationTarget(settings) {
    const s = BusinessCentralSettingsSchema.safeParse(settings);
    if (!s.success || !s.data.notificationUrl) return null;
    return { url: s.data.notificationUrl, port: Number(s.data.notificationPort || new URL(s.data.notificationUrl).port) };
  },
};
