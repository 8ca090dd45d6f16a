import { KeychainUnavailableError, type CredentialStore } from './credential-store';
import { errorMessage } from '../errors/domain-error';

/** Every secret lives under this keychain service, one account per connection field. */
export const KEYCHAIN_SERVICE = 'ml-connector';

type Keytar = {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
};

const accountName = (connectionId: string, field: string) => `${connectionId}/${field}`;

/**
 * Turns keytar's low-level failures into a message a user can act on. On Linux keytar talks to the
 * Secret Service over D-Bus (libsecret); on macOS the Keychain; on Windows the Credential Manager.
 */
function explain(err: unknown): KeychainUnavailableError {
  const raw = errorMessage(err);
  if (/libsecret|cannot open shared object/i.test(raw)) {
    return new KeychainUnavailableError(
      `The OS keychain library is missing (${raw}). On Linux install libsecret (Debian/Ubuntu: apt install libsecret-1-0 gnome-keyring). ml-connector never stores secrets in plain text.`,
    );
  }
  if (/org\.freedesktop\.secrets|ServiceUnknown|No such interface|not provided by any \.service/i.test(raw)) {
    return new KeychainUnavailableError(
      `No OS keychain is running: the D-Bus session has no Secret Service (org.freedesktop.secrets) (${raw}). ` +
        'Start a keyring: GNOME Keyring (gnome-keyring-daemon --start --components=secrets) or KWallet, then retry. ml-connector never stores secrets in plain text.',
    );
  }
  // libsecret's words when there is no session bus at all: an unset or dead DBUS_SESSION_BUS_ADDRESS.
  if (/Could not connect|autolaunch|DBUS_SESSION_BUS_ADDRESS|D-?Bus/i.test(raw)) {
    return new KeychainUnavailableError(
      `No OS keychain is reachable: there is no D-Bus session bus, so the Secret Service (org.freedesktop.secrets) cannot be asked (${raw}). ` +
        'In a desktop session, log in again so the keyring starts; on a server or over SSH, start a session bus with an unlocked keyring: ' +
        "dbus-run-session -- sh -c 'gnome-keyring-daemon --unlock --components=secrets; ml-connector serve'. ml-connector never stores secrets in plain text.",
    );
  }
  if (/locked|prompt|dismissed|cancel/i.test(raw)) {
    return new KeychainUnavailableError(
      `The OS keychain is locked and could not be unlocked here (${raw}). Unlock it (log in to the desktop, or on a server run gnome-keyring-daemon --unlock with the keyring password) and try again.`,
    );
  }
  return new KeychainUnavailableError(`The OS keychain refused the request: ${raw}`);
}

export class KeytarCredentialStore implements CredentialStore {
  private keytar: Promise<Keytar> | null = null;

  private load(): Promise<Keytar> {
    // keytar is N-API: one build serves Node and Electron. Loaded lazily so a missing library
    // becomes a clear message at the moment a secret is needed, not a crash at start-up.
    this.keytar ??= import('keytar').then(
      (m) => ((m as { default?: Keytar }).default ?? (m as unknown as Keytar)),
      (err: unknown) => {
        this.keytar = null;
        throw explain(err);
      },
    );
    return this.keytar;
  }

  private async call<T>(fn: (k: Keytar) => Promise<T>): Promise<T> {
    const keytar = await this.load();
    try {
      return await fn(keytar);
    } catch (err) {
      throw explain(err);
    }
  }

  get(connectionId: string, field: string) {
    return this.call((k) => k.getPassword(KEYCHAIN_SERVICE, accountName(connectionId, field)));
  }

  set(connectionId: string, field: string, secret: string) {
    return this.call((k) => k.setPassword(KEYCHAIN_SERVICE, accountName(connectionId, field), secret));
  }

  delete(connectionId: string, field: string) {
    return this.call((k) => k.deletePassword(KEYCHAIN_SERVICE, accountName(connectionId, field)));
  }

  async which(connectionId: string, fields: readonly string[]) {
    const out: Record<string, boolean> = {};
    for (const f of fields) out[f] = (await this.get(connectionId, f)) !== null;
    return out;
  }
}
