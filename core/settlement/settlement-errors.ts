import { DomainError } from '../errors/domain-error';
/**
 * A settlement file that cannot be read. The import stops; the message names the file, the line
 * (1 = the header), the column and the value so the user can open the file at that spot.
 */
export class SettlementParseError extends DomainError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: string | null,
    readonly value: string | null,
    readonly reason: string,
  ) {
    super(
      'invalid_input',
      `${file}, line ${line}` +
        (column !== null ? `, column "${column}"` : '') +
        (value !== null ? `, value "${value.length > 80 ? value.slice(0, 80) + '…' : value}"` : '') +
        `: ${reason}`,
    );
  }
}
