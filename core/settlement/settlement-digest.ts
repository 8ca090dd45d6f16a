import type { MappingRules } from './journal-rules';
import { JournalBuilder, type JournalOptions, type SettlementJournal } from './journal-builder';
import { LineClassifier } from './line-classifier';
import { LineGroupTally, lineOfGroup, type LineGroup } from './line-groups';
import { SettlementTally, type SettlementInspection } from './settlement-inspection';
import type { SettlementFormat, SettlementLine, SettlementRecord, SettlementSummary } from './settlement-model';

/**
 * Whether a journal with these options can be built from line groups (lines summed per combination,
 * marketplace, currency and UTC day, quarter hours at a month's edge) instead of every line: true for
 * the summary and marketplace groupings on calendar months in any time zone, which never split a group.
 * SKU and order groupings, or an ERP's own period calendar, need each line.
 */
export function journalFromGroups(options: JournalOptions = {}): boolean {
  const grouping = options.grouping ?? 'summary';
  return (grouping === 'summary' || grouping === 'marketplace') && options.periodOf === undefined;
}

/**
 * One pass over a settlement's records that keeps its format, summary and its lines summed into
 * LineGroups. The inspection (counts and totals per combination) and the journal are computed from the
 * groups at the end, so a line costs one grouping lookup, not one per question asked of it; the
 * classification runs once per combination. The same groups are what the import stores (migration 0071)
 * and what the preview and posting read back.
 */
export class SettlementDigest {
  format: SettlementFormat = 'v2';
  columns: readonly string[] = [];
  summary: SettlementSummary | null = null;
  private readonly groups = new LineGroupTally();
  private grouped: LineGroup[] | null = null;

  constructor(private readonly classifier = new LineClassifier()) {}

  add(record: SettlementRecord): void {
    if (record.kind === 'format') {
      this.format = record.format;
      this.columns = record.columns;
    } else if (record.kind === 'summary') this.summary = record.summary;
    else this.addLine(record.line);
  }

  addLine(line: SettlementLine): void {
    this.groups.add(line);
  }

  /** The groups in order of their first line (computed once). */
  lineGroups(): LineGroup[] {
    return (this.grouped ??= this.groups.result());
  }

  inspection(): SettlementInspection {
    const tally = new SettlementTally(this.classifier);
    tally.add({ kind: 'format', format: this.format, columns: this.columns });
    if (this.summary) tally.add({ kind: 'summary', summary: this.summary });
    for (const g of this.lineGroups()) tally.addLine(g, g.count);
    return tally.result();
  }

  /** The journal from the groups; only for options where journalFromGroups() holds. */
  journal(mapping: MappingRules, options: JournalOptions = {}): SettlementJournal {
    if (!journalFromGroups(options)) throw new Error(`a journal grouped by ${options.grouping ?? 'summary'} needs every line; feed a JournalBuilder instead`);
    const builder = new JournalBuilder(this.summary, mapping, options, this.classifier);
    const id = this.summary?.settlementId ?? '';
    for (const g of this.lineGroups()) builder.add(lineOfGroup(g, id), g.count);
    return builder.build();
  }
}
