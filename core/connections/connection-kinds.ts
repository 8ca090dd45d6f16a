import { z, type ZodType } from 'zod';
import type { SecretField, SettingField } from '../erp/erp-kind';
import { ERP_KINDS, erpKindDescriptions, type ErpKind } from '../erp/erp-kinds';
import { required } from '../erp/settings-fields';

/**
 * What each system needs to connect: Amazon here (../shared/reference/amazon/NOTES.md §3-4), each ERP in its
 * own folder under core/erp (its kind.ts). Non-secret fields are stored in SQLite; secret fields go only to
 * the OS keychain. Plain data: the renderer's connection form reads it.
 */
export const connectionKinds = ['amazon', ...ERP_KINDS] as const;
export type ConnectionKind = (typeof connectionKinds)[number];
export const ConnectionKindSchema = z.enum(connectionKinds);

/** https anywhere; plain http only to this machine, where the emulators listen. */
function secureOrLoopback(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || (u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname));
  } catch {
    return false;
  }
}

export const AmazonSettingsSchema = z.object({
  region: z.enum(['NA', 'EU', 'FE'], { message: 'Choose the region: North America, Europe or Far East' }),
  lwaClientId: required('LWA client id').regex(/^amzn1\.application-oa2-client\.[0-9a-f]{32}$/, 'An LWA client id looks like amzn1.application-oa2-client.<32 hex characters>'),
  sellingPartnerId: z.string().trim().optional(),
  marketplaceIds: z.array(z.string()).default([]),
  /** Loopback emulator or other override; empty means Amazon's production endpoint for the region. */
  endpointOverride: z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || secureOrLoopback(v), 'The endpoint override must be a full https:// address (http:// only for 127.0.0.1 or localhost, such as an emulator)'),
});

export type { SecretField, SettingField };

export interface KindDescription {
  kind: ConnectionKind;
  label: string;
  fields: readonly SettingField[];
  secrets: readonly SecretField[];
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
      { field: 'endpointOverride', label: 'Endpoint override', optional: true, hint: 'Leave empty for Amazon; https:// only (http:// for an emulator on this machine, as the demo workspace uses)' },
    ],
    secrets: [
      { field: 'clientSecret', label: 'LWA client secret' },
      { field: 'refreshToken', label: 'Refresh token' },
    ],
  },
  ...Object.fromEntries(ERP_KINDS.map((k) => {
    const { kind, label, fields, secrets } = erpKindDescriptions[k];
    return [k, { kind: kind as ErpKind, label, fields, secrets }];
  })) as Record<ErpKind, KindDescription>,
};

export const settingsSchemas: Record<ConnectionKind, ZodType> = {
  amazon: AmazonSettingsSchema,
  ...(Object.fromEntries(ERP_KINDS.map((k) => [k, erpKindDescriptions[k].settings])) as Record<ErpKind, ZodType>),
};

/** A kind's settings fields as its connection form labels them: what a message about a field calls it. */
export function settingLabels(kind: ConnectionKind): Record<string, string> {
  return Object.fromEntries(kindDescriptions[kind].fields.map((f) => [f.field, f.label]));
}
