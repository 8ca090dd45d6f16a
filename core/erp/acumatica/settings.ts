import { z } from 'zod';
import { RETURN_REASON_SETTING, RETURN_REASON_SETTING_HINT } from '../return-reason-setting';
import { httpsUrl, required } from '../settings-fields';

/**
 * How the connector signs in (NOTES §4.2): OAuth 2.0 through a connected application (SM303010), with the
 * password grant or with a refresh token from an authorization-code sign-in; or the legacy cookie login
 * `POST /entity/auth/login` for instances without a connected application. Acumatica has no
 * client-credentials grant, so none is offered.
 */
export const ACUMATICA_SIGN_IN = ['password', 'authorization-code', 'cookie'] as const;
export type AcumaticaSignIn = (typeof ACUMATICA_SIGN_IN)[number];

const orderType = (example: string) => z.string().trim().regex(/^[A-Za-z0-9]{2}$/, `An order type is two letters or digits, e.g. ${example}`).default(example);

/** What an Acumatica connection needs (NOTES §4.1-4.2): the instance, tenant, endpoint and version, branch and how to sign in. */
export const AcumaticaSettingsSchema = z
  .object({
    instanceUrl: httpsUrl('Instance URL'),
    tenant: required('Tenant'),
    endpointName: z.string().trim().min(1).default('Default'),
    endpointVersion: required('Endpoint version').regex(/^\d{2}\.\d{3}\.\d{3}$/, 'A version looks like 24.200.001'),
    branch: required('Branch'),
    signIn: z.enum(ACUMATICA_SIGN_IN).default('password'),
    clientId: z.string().trim().optional(),
    username: z.string().trim().optional(),
    /**
     * Who numbers batches: Acumatica's numbering sequence ('auto'), or, where the tenant's GL batch numbering
     * allows manual numbers, ours ('manual'): the journal's deterministic document number sent as BatchNbr
     * under `If-None-Match: *` (NOTES §4.5), so a second create of the same journal is refused with 412.
     */
    batchNumbering: z.enum(['auto', 'manual']).default('auto'),
    /** Requests in flight at once: the licence caps concurrent API requests and queues the excess (NOTES §4.6). */
    maxInFlight: z.coerce.number().int().min(1).max(20).default(2),
    /** Customer returns: Acumatica's reason codes a return may carry (customer-returns.ts: no entity in the swagger lists them). */
    returnReasons: z.string().trim().optional().refine((v) => !v || v.split(/[,;]/).every((e) => RETURN_REASON_SETTING.test(e)), RETURN_REASON_SETTING_HINT),
    /** The sales order type of a return order (RC on a standard tenant, UNVERIFIED). */
    returnOrderType: orderType('RC'),
    /** The sales order type whose orders Amazon may ship (fulfilment-orders.ts; SO on a standard tenant, UNVERIFIED). */
    fulfilmentOrderType: orderType('SO'),
  })
  .superRefine((s, ctx) => {
    if (s.signIn !== 'cookie' && !/^[0-9A-Fa-f-]{36}@.+$/.test(s.clientId ?? '')) {
      ctx.addIssue({ code: 'custom', path: ['clientId'], message: 'The client id is <GUID>@<Tenant>, from Connected Applications (SM303010)' });
    }
    if (s.signIn !== 'authorization-code' && !s.username) ctx.addIssue({ code: 'custom', path: ['username'], message: 'User name is required' });
  });
export type AcumaticaSettings = z.infer<typeof AcumaticaSettingsSchema>;

/** Keychain entries: which are needed depends on the sign-in (kind.ts says when). */
export interface AcumaticaSecrets {
  clientSecret?: string;
  password?: string;
  refreshToken?: string;
}

/** `{instance}/entity/{endpoint}/{version}`: the version-locked root of every entity call (NOTES §4.1). */
export function endpointRoot(s: AcumaticaSettings): string {
  return `${s.instanceUrl.replace(/\/+$/, '')}/entity/${encodeURIComponent(s.endpointName)}/${s.endpointVersion}`;
}
