/** A workspace database that cannot be opened safely. The message is meant for the user. */
export class StoreError extends Error {
  constructor(message: string, readonly file: string) {
    super(message);
    this.name = 'StoreError';
  }
}
