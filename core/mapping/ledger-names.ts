import type { ReferenceSnapshot } from './reference-cache';

/** The ERP's names of the accounts and dimension values some journal lines use, by code. */
export interface LedgerNames {
  accounts: Record<string, string>;
  dimensions: Record<string, { name: string; values: Record<string, string> }>;
}

/** Names from the connection's cached chart of accounts and dimensions; a code the ERP does not know has none. */
export function ledgerNames(snapshot: ReferenceSnapshot | null, lines: Iterable<{ account: string | null; dimensions: Readonly<Record<string, string>> }>): LedgerNames {
  const out: LedgerNames = { accounts: {}, dimensions: {} };
  if (!snapshot) return out;
  const accounts = new Map(snapshot.accounts.map((a) => [a.code, a.name]));
  const dims = new Map(snapshot.dimensions.map((d) => [d.code, d]));
  for (const l of lines) {
    const name = l.account ? accounts.get(l.account) : undefined;
    if (l.account && name) out.accounts[l.account] = name;
    for (const [code, value] of Object.entries(l.dimensions)) {
      const d = dims.get(code);
      if (!d) continue;
      const shown = (out.dimensions[code] ??= { name: d.name, values: {} });
      const v = d.values.find((x) => x.code === value);
      if (v) shown.values[value] = v.name;
    }
  }
  return out;
}
