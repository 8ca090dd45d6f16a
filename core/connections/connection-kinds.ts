import { z } from 'zod';
import { BusinessCentralSettingsSchema } from '../erp/business-central/settings';
import { guid, httpsUrl, required } from '../erp/settings-fields';

/**
 * What each system needs to connect, from ../shared/reference/amazon/NOTES.md §3-4 and
 * ../shared/reference/erp/NOTES.md §1.1-1.2 (Business Central), §2.1-2.2 (F&O), §3.1 (SAP B1), §4.1-4.2 (Acumatica).
 * Non-secret fields are stored in SQLite; secret fields go only to the OS keychain.
 */
export const connectionKinds = ['amazon', 'business-central', 'd365fo', 'sap-b1', 'acumatica'] as const;
export type ConnectionKind = (typeof connectionKinds)[number];
export const ConnectionKindSchema = z.enum(connectionKinds);

export const AmazonSettingsSchema = z.object({
  region: z.enum(['NA', 'EU', 'FE'], { message: 'Choose the region: North America, Europe or Far East' }),
  lwaClientId: required('LWA client id').regex(/^amzn1\.application-oa2-client\.[0-9a-f]{32}$/, 'An LWA client id looks like amzn1.application-oa2-client.<32 hex characters>'),
  sellingPartnerId: z.string().trim().optional(),
  marketplaceIds: z.array(z.string()).default([]),
  /** Loopback emulator or other override; empty means Amazon's production endpoint for the region. */
  endpointOverride: z.string().trim().optional(),
});

export { BusinessCentralSettingsSchema };

export const D365FoSettingsSchema = z.object({
  environmentUrl: httpsUrl('Environment URL').refine((v) => !v.endsWith('/'), 'Leave out the trailing slash'),
  tenantId: required('Tenant id'),
  clientId: required('Application (client) id').regex(guid, 'The client id is a GUID'),
  legalEntity: required('Legal entity (dataAreaId)').max(4, 'A legal entity id has at most 4 characters'),
});

export const SapB1SettingsSchema = z.object({
  serviceLayerUrl: httpsUrl('Service Layer URL').refine((v) => /\/b1s\/v[12]\/?$/.test(v), 'The Service Layer URL ends in /b1s/v1 or /b1s/v2'),
  companyDb: required('Company database'),
  userName: required('User name'),
});

export const AcumaticaSettingsSchema = z.object({
  instanceUrl: httpsUrl('Instance URL'),
  tenant: required('Tenant'),
  endpointVersion: required('Endpoint version').regex(/^\d{2}\.\d{3}\.\d{3}$/, 'A version looks like 24.200.001'),
  clientId: required('Client id').regex(/^[0-9A-Fa-f-]{36}@.+$/, 'The client id is <GUID>@<Tenant>'),
  username: required('User name'),
});

export interface SecretField {
  field: string;
  label: string;
}

/** How the Connections form shows one non-secret setting. */
export interface SettingField {
  field: string;
  label: string;
  hint?: string;
  options?: readonly { value: string; label: string }[];
  /** Shown only when another setting has this value (Business Central online vs on-premises). */
  when?: { field: string; value: string };
  optional?: boolean;
}

export interface KindDescription {
  kind: ConnectionKind;
  label: string;
  fields: readonly SettingField[];
  secrets: readonly (SecretField & { when?: { field: string; value: string } })[];
}

export const kindDescriptions: Record<ConnectionKind, KindDescription> = {
  amazon: {
    kind: 'amazon',
    label: 'Amazon Seller Central',
    fields: [
      { field: 'region', label: 'Region', options: [
        { value: 'NA', label: 'North America (US, CA, MX, BR)' },
        { value: 'EU', label: 'Europe, Middle East, India (UK, DE, FR, IT, ES, ...)' },
        { value: 'FE', label: 'Far East (JP, AU, SG)' },
      ] },
      { field: 'lwaClientId', label: 'LWA client id', hint: 'From Seller Central > Apps and Services > Develop Apps' },
      { field: 'sellingPartnerId', label: 'Selling partner id', optional: true, hint: 'Filled in by Test connection when empty' },
      { field: 'endpointOverride', label: 'Endpoint override', optional: true, hint: 'Leave empty for Amazon; the demo workspace points at its emulator' },
    ],
    secrets: [
      { field: 'clientSecret', label: 'LWA client secret' },
      { field: 'refreshToken', label: 'Refresh token' },
    ],
  },
  'business-central': {
    kind: 'business-central',
    label: 'Dynamics 365 Business Central / NAV',
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
  },
  d365fo: {
    kind: 'd365fo',
    label: 'Dynamics 365 Finance & Operations',
    fields: [
      { field: 'environmentUrl', label: 'Environment URL', hint: 'https://contoso.operations.dynamics.com' },
      { field: 'tenantId', label: 'Tenant id or domain' },
      { field: 'clientId', label: 'Application (client) id' },
      { field: 'legalEntity', label: 'Legal entity', hint: 'dataAreaId, for example usmf' },
    ],
    secrets: [{ field: 'clientSecret', label: 'Client secret' }],
  },
  'sap-b1': {
    kind: 'sap-b1',
    label: 'SAP Business One',
    fields: [
      { field: 'serviceLayerUrl', label: 'Service Layer URL', hint: 'https://server:50000/b1s/v2' },
      { field: 'companyDb', label: 'Company database' },
      { field: 'userName', label: 'User name' },
    ],
    secrets: [{ field: 'password', label: 'Password' }],
  },
  acumatica: {
    kind: 'acumatica',
    label: 'Acumatica',
    fields: [
      { field: 'instanceUrl', label: 'Instance URL' },
      { field: 'tenant', label: 'Tenant' },
      { field: 'endpointVersion', label: 'Endpoint version', hint: 'Default endpoint, for example 24.200.001' },
      { field: 'clientId', label: 'Client id', hint: '<GUID>@<Tenant> from Connected Applications (SM303010)' },
      { field: 'username', label: 'User name' },
    ],
    secrets: [
      { field: 'clientSecret', label: 'Client secret' },
      { field: 'password', label: 'Password' },
    ],
  },
};

export const settingsSchemas = {
  amazon: AmazonSettingsSchema,
  'business-central': BusinessCentralSettingsSchema,
  d365fo: D365FoSettingsSchema,
  'sap-b1': SapB1SettingsSchema,
  acumatica: AcumaticaSettingsSchema,
} as const;
