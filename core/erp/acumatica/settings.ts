import { z } from 'zod';
import { httpsUrl, required } from '../settings-fields';

/** What an Acumatica connection needs (../shared/reference/erp/NOTES.md §4.1-4.2): the instance, the endpoint version, and a password-grant client. */
export const AcumaticaSettingsSchema = z.object({
  instanceUrl: httpsUrl('Instance URL'),
  tenant: required('Tenant'),
  endpointVersion: required('Endpoint version').regex(/^\d{2}\.\d{3}\.\d{3}$/, 'A version looks like 24.200.001'),
  clientId: required('Client id').regex(/^[0-9A-Fa-f-]{36}@.+$/, 'The client id is <GUID>@<Tenant>'),
  username: required('User name'),
});
