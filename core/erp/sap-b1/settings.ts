import { z } from 'zod';
import { httpsUrl, required } from '../settings-fields';

/** What an SAP Business One connection needs (../shared/reference/erp/NOTES.md §3.1): the Service Layer, a company database and a user. */
export const SapB1SettingsSchema = z.object({
  serviceLayerUrl: httpsUrl('Service Layer URL').refine((v) => /\/b1s\/v[12]\/?$/.test(v), 'The Service Layer URL ends in /b1s/v1 or /b1s/v2'),
  companyDb: required('Company database'),
  userName: required('User name'),
});
