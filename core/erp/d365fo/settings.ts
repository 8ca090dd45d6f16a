import { z } from 'zod';
import { guid, httpsUrl, required } from '../settings-fields';

/** What a Finance & Operations connection needs (../shared/reference/erp/NOTES.md §2.1-2.2): Entra client credentials for one legal entity. */
export const D365FoSettingsSchema = z.object({
  environmentUrl: httpsUrl('Environment URL').refine((v) => !v.endsWith('/'), 'Leave out the trailing slash'),
  tenantId: required('Tenant id'),
  clientId: required('Application (client) id').regex(guid, 'The client id is a GUID'),
  legalEntity: required('Legal entity (dataAreaId)').max(4, 'A legal entity id has at most 4 characters'),
});
