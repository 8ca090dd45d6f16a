export { type CredentialStore, KeychainUnavailableError } from './credential-store';
export { KeytarCredentialStore, KEYCHAIN_SERVICE } from './keytar-store';
