import { z } from 'zod';

/** The ERP's names of the accounts and dimension values the lines use, by code (none for a code the ERP does not know). */
export const LedgerNamesSchema = z.object({
  accounts: z.record(z.string(), z.string()),
  dimensions: z.record(z.string(), z.object({ name: z.string(), values: z.record(z.string(), z.string()) })),
});
export type LedgerNamesView = z.infer<typeof LedgerNamesSchema>;
