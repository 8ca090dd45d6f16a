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

/**
 * A file that is no settlement report at all (empty, or bytes that are not text). Said in plain words
 * with the file's name and nothing of its bytes: echoing a binary header helps nobody.
 */
export class NotASettlementReport extends SettlementParseError {
  constructor(file: string, readonly why: 'empty' | 'binary') {
    super(file, 1, null, null, why === 'empty' ? 'this file is empty' : 'this is not a settlement report (it looks like a binary file)');
    this.message = `${file}: ${why === 'empty' ? 'This file is empty.' : 'This is not a settlement report (it looks like a binary file).'}`;
  }
}
