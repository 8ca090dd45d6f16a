import { z } from 'zod';
import { isTimeZone } from '../clock/time-zone';

/** Fields every ERP's settings are made of, with the messages a person reads in the connection form. */
export const httpsUrl = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} is required`)
    .refine((v) => {
      try {
        const u = new URL(v);
        return u.protocol === 'https:' || (u.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(u.hostname));
      } catch {
        return false;
      }
    }, `${what} must be a full https:// address`);
export const guid = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export const required = (what: string) => z.string().trim().min(1, `${what} is required`);


/**
 * The company's time zone (IANA): a settlement spanning a month end is split at midnight there. Empty:
 * the time zone of the settlement's marketplace.
 */
export const companyFields = {
  timeZone: z.string().trim().optional().refine((v) => !v || isTimeZone(v), 'Enter a time zone such as Europe/Berlin, America/New_York or Asia/Tokyo'),
};
