import type { NegativeStyle } from '../money';
import type { AuditLog, Db } from '../store';
import type { Workspace } from './workspace';

/** How the workspace shows amounts (migration 0195): every screen and the PDF and XLSX exports read it. */
export interface AmountDisplay {
  negatives: NegativeStyle;
}

export class AmountDisplayStore {
  constructor(private readonly db: Db, private readonly audit: AuditLog, private readonly now: () => Date) {}

  get(): AmountDisplay {
    const r = this.db.prepare('SELECT negatives FROM amount_display WHERE id = 1').get() as { negatives: NegativeStyle } | undefined;
    return { negatives: r?.negatives ?? 'minus' };
  }

  /** Changes how negatives show; audited with before and after (it changes how every figure reads). */
  set(change: AmountDisplay, actor: string): AmountDisplay {
    const before = this.get();
    if (before.negatives === change.negatives) return before;
    this.db.transaction(() => {
      this.db.prepare('UPDATE amount_display SET negatives = ?, updated_by = ?, updated_at = ? WHERE id = 1').run(change.negatives, actor, this.now().toISOString());
      this.audit.record({ kind: 'decision', system: 'app', operation: 'display.amounts-changed', actor, subjectType: 'workspace', subjectId: 'amount-display', detail: { before, after: change } });
    })();
    return change;
  }
}

export const amountDisplayOf = (ws: Workspace) => new AmountDisplayStore(ws.db, ws.audit, () => new Date(ws.clock.now()));
