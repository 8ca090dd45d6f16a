import { z } from 'zod';
import { companyFields, guid, httpsUrl, required } from '../settings-fields';

/** What a Business Central connection needs (../shared/reference/erp/NOTES.md §1.1-1.2): online (Entra) or on-premises. */
/**
 * Optional webhooks (BCDOCS dynamics-subscriptions.md, NOTES §1.8): a public URL that reaches this computer
 * (a tunnel or reverse proxy) and the loopback port it forwards to. Without them the connection polls.
 */
const isLoopback = (u: URL) => ['127.0.0.1', 'localhost'].includes(u.hostname);
const notificationFields = {
  notificationUrl: z.string().trim().optional().refine((v) => {
    if (!v) return true;
    try {
      const u = new URL(v);
      return u.protocol === 'https:' || (u.protocol === 'http:' && isLoopback(u));
    } catch {
      return false;
    }
  }, 'The notification URL must be a full https:// address that reaches this computer'),
  notificationPort: z.string().trim().optional().refine((v) => !v || (/^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 65535), 'The local port is a number from 1 to 65535'),
};

export const BusinessCentralSettingsSchema = z.discriminatedUnion('deployment', [
  z.object({
    deployment: z.literal('online'),
    tenantId: required('Tenant id').refine((v) => guid.test(v) || /^[\w.-]+\.[a-z]{2,}$/i.test(v), 'Tenant is a GUID or a domain such as contoso.com'),
    environment: required('Environment name').regex(/^[\w-]+$/, 'Environment names contain letters, digits, - and _'),
    clientId: required('Application (client) id').regex(guid, 'The client id is a GUID'),
    companyName: z.string().trim().optional(),
    endpointOverride: z.string().trim().optional(),
    ...companyFields,
    ...notificationFields,
  }),
  z.object({
    deployment: z.literal('on-premises'),
    baseUrl: httpsUrl('Base URL'),
    username: required('User name'),
    companyName: z.string().trim().optional(),
    ...companyFields,
    ...notificationFields,
  }),
]).superRefine((s, ctx) => {
  if (!s.notificationUrl || s.notificationPort) return;
  const u = new URL(s.notificationUrl);
  if (!(isLoopback(u) && u.port)) {
    ctx.addIssue({ code: 'custom', path: ['notificationPort'], message: 'Enter the local port your tunnel or proxy forwards the notification URL to' });
  }
});

