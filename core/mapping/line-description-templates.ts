import { LEDGER_WORDING_EDITION, LINE_DESCRIPTION_TEMPLATE, templateProblems } from '../settlement/line-description';
import type { AuditLog, Db } from '../store';
import { DomainError } from '../errors/domain-error';

/** The words a connection's ledger lines are written in: the user's template, or the application's own. */
export interface LineDescriptionWording {
  template: string;
  /** True when the connection's user set the template; false for the application's default. */
  custom: boolean;
  /** The application's wording edition the template's {line} words (and the default template) come from. */
  edition: number;
  updatedBy: string | null;
  updatedAt: string | null;
}

export class DescriptionTemplateRefused extends DomainError {
  constructor(readonly problems: string[]) {
    super('invalid_input', problems.join(' '));
  }
}

/** Each ERP connection's line description template; every change is audited with its before and after. */
export class LineDescriptionTemplates {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly now: () => Date = () => new Date(),
  ) {}

  of(connectionId: string | null): LineDescriptionWording {
    const row = connectionId
      ? (this.db.prepare('SELECT template, updated_by, updated_at FROM line_description_template WHERE connection_id = ?').get(connectionId) as
          | { template: string; updated_by: string; updated_at: string }
          | undefined)
      : undefined;
    return row
      ? { template: row.template, custom: true, edition: LEDGER_WORDING_EDITION, updatedBy: row.updated_by, updatedAt: row.updated_at }
      : { template: LINE_DESCRIPTION_TEMPLATE, custom: false, edition: LEDGER_WORDING_EDITION, updatedBy: null, updatedAt: null };
  }

  /** Sets a connection's template, or with null goes back to the application's; refused with the problems when it cannot be used. */
  set(connectionId: string, template: string | null, actor: string): LineDescriptionWording {
    const before = this.of(connectionId);
    const next = template === null || template === LINE_DESCRIPTION_TEMPLATE ? null : template;
    if (next !== null) {
      const problems = templateProblems(next);
      if (problems.length) throw new DescriptionTemplateRefused(problems);
    }
    if ((next ?? LINE_DESCRIPTION_TEMPLATE) === before.template && (next !== null) === before.custom) return before;
    const at = this.now().toISOString();
    this.db.transaction(() => {
      if (next === null) this.db.prepare('DELETE FROM line_description_template WHERE connection_id = ?').run(connectionId);
      else {
        this.db
          .prepare(
            `INSERT INTO line_description_template (connection_id, template, updated_at, updated_by) VALUES (?, ?, ?, ?)
             ON CONFLICT (connection_id) DO UPDATE SET template = excluded.template, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
          )
          .run(connectionId, next, at, actor);
      }
      this.audit.record({
        kind: 'decision', system: 'app', operation: 'connection.line-description-template', actor, connectionId,
        subjectType: 'connection', subjectId: connectionId,
        detail: { before: before.template, after: next ?? LINE_DESCRIPTION_TEMPLATE, default: next === null },
      });
    })();
    return this.of(connectionId);
  }
}
