import { DomainError } from '../errors/domain-error';
/**
 * Where connection secrets live. The only implementation is the OS keychain (keytar); there is no
 * plaintext fallback. Secrets are addressed by connection id and field name (e.g. "clientSecret").
 */
export interface CredentialStore {
  get(connectionId: string, field: string): Promise<string | null>;
  set(connectionId: string, field: string, secret: string): Promise<void>;
  delete(connectionId: string, field: string): Promise<boolean>;
  /** Which of the given fields have a secret stored, without revealing any value. */
  which(connectionId: string, fields: readonly string[]): Promise<Record<string, boolean>>;
}

/** The keychain cannot be reached. The message names what is missing and how to fix it. */
export class KeychainUnavailableError extends DomainError {
  constructor(message: string) {
    super('keychain_unavailable', message);
  }
}
