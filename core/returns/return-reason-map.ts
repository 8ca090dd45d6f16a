import type { AuditLog, Db } from '../store';

/** Amazon's return reason (reason column) and condition (detailed-disposition) are mapped separately. */
export type ReturnCodeKind = 'reason' | 'disposition';

export interface ReturnCodeMapping {
  codeKind: ReturnCodeKind;
  amazonCode: string;
  erpCode: string;
  updatedBy: string | null;
  updatedAt: string;
}

/**
 * Amazon return reason and condition codes to the ERP's return reason codes (table return_reason_map),
 * as the user sets them. The ERP code is kept as typed: no ERP connector reads its return reason list yet.
 */
export class ReturnReasonMap {
  constructor(private readonly db: Db, private readonly audit: AuditLog | null, private readonly now: () => Date) {}

  get(codeKind: ReturnCodeKind, amazonCode: string): string | null {
    const r = this.db.prepare('SELECT erp_code FROM return_reason_map WHERE code_kind = ? AND amazon_code = ?').get(codeKind, amazonCode) as { erp_code: string } | undefined;
    return r?.erp_code ?? null;
  }

  list(): ReturnCodeMapping[] {
    return (this.db.prepare('SELECT * FROM return_reason_map ORDER BY code_kind, amazon_code').all() as Array<{ code_kind: ReturnCodeKind; amazon_code: string; erp_code: string; updated_by: string | null; updated_at: string }>)
      .map((r) => ({ codeKind: r.code_kind, amazonCode: r.amazon_code, erpCode: r.erp_code, updatedBy: r.updated_by, updatedAt: r.updated_at }));
  }

  set(codeKind: ReturnCodeKind, amazonCode: string, erpCode: string, actor: string): void {
    const code = amazonCode.trim();
    const erp = erpCode.trim();
    if (!code) throw new RangeError('Say which Amazon return code to map.');
    if (!erp) throw new RangeError(`Enter the ERP return reason code that Amazon's "${code}" stands for.`);
    const at = this.now().toISOString();
    const before = this.get(codeKind, code);
    this.db
      .prepare(
        `INSERT INTO return_reason_map (code_kind, amazon_code, erp_code, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (code_kind, amazon_code) DO UPDATE SET erp_code = excluded.erp_code, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      )
      .run(codeKind, code, erp, actor, at);
    this.audit?.record({ kind: 'decision', system: 'app', operation: 'returns.mapReason', actor, subjectType: 'return-code', subjectId: `${codeKind}:${code}`, detail: { before, after: erp } });
  }
}
