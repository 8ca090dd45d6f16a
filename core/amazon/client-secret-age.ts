import type { Db } from '../store';

/**
 * Amazon requires LWA client secrets to be rotated every 180 days
 * (https://developer-docs.amazon.com/sp-api/docs/rotating-your-apps-lwa-credentials, NOTES.md §0.4).
 * We warn from day 150 so there is a month to act before calls start failing with invalid_client.
 */
export const SECRET_ROTATION_DAYS = 180;
export const SECRET_WARNING_FROM_DAY = 150;
const DAY_MS = 86_400_000;

export interface SecretAgeWarning {
  ageDays: number;
  rotateBy: string;
  expired: boolean;
  message: string;
}

export function clientSecretAgeWarning(enteredAt: Date, now: Date = new Date()): SecretAgeWarning | null {
  const ageDays = Math.floor((now.getTime() - enteredAt.getTime()) / DAY_MS);
  if (ageDays < SECRET_WARNING_FROM_DAY) return null;
  const rotateBy = new Date(enteredAt.getTime() + SECRET_ROTATION_DAYS * DAY_MS).toISOString().slice(0, 10);
  const expired = ageDays >= SECRET_ROTATION_DAYS;
  const message = expired
    ? `The LWA client secret was entered ${ageDays} days ago; Amazon requires rotation every ${SECRET_ROTATION_DAYS} days, so it has likely expired. Rotate it in the Developer Console and enter the new secret.`
    : `The LWA client secret was entered ${ageDays} days ago. Amazon requires rotation every ${SECRET_ROTATION_DAYS} days: rotate it in the Developer Console and enter the new secret before ${rotateBy}.`;
  return { ageDays, rotateBy, expired, message };
}

/** When each connection's client secret was entered (the secret itself lives only in the keychain). */
export class ClientSecretDates {
  constructor(private readonly db: Db) {}

  recordEntered(connectionId: string, at: Date = new Date()): void {
    this.db
      .prepare(`INSERT INTO amazon_client_secret_entry (connection_id, entered_at) VALUES (?, ?)
        ON CONFLICT (connection_id) DO UPDATE SET entered_at = excluded.entered_at`)
      .run(connectionId, at.toISOString());
  }

  enteredAt(connectionId: string): Date | null {
    const row = this.db
      .prepare('SELECT entered_at AS enteredAt FROM amazon_client_secret_entry WHERE connection_id = ?')
      .get(connectionId) as { enteredAt: string } | undefined;
    return row ? new Date(row.enteredAt) : null;
  }

  warning(connectionId: string, now: Date = new Date()): SecretAgeWarning | null {
    const at = this.enteredAt(connectionId);
    return at ? clientSecretAgeWarning(at, now) : null;
  }
}
