import { z } from 'zod';

/**
 * Bounds on what a person or a page may store through the contract, far above any real value (a tenant
 * URL, a client id, a marketplace list) and far below what would bloat the workspace, the keychain or
 * every screen that shows it. Each refusal says the bound in words.
 */
export const LIMITS = {
  connectionName: 80,
  jobName: 100,
  settingName: 64,
  settingText: 2_000,
  settingItems: 200,
  settings: 50,
  secret: 16_384,
};

const n = (v: number) => v.toLocaleString('en-US');

/** The settings of a connection as the form sends them, before its kind's schema reads them. */
export const BoundedSettingsSchema = z
  .record(z.string(), z.unknown())
  .superRefine((settings, ctx) => {
    const entries = Object.entries(settings);
    if (entries.length > LIMITS.settings) ctx.addIssue({ code: 'custom', message: `A connection has at most ${LIMITS.settings} settings` });
    for (const [key, value] of entries) {
      if (key.length > LIMITS.settingName) {
        ctx.addIssue({ code: 'custom', message: `A setting name is at most ${LIMITS.settingName} characters` });
        continue;
      }
      const texts = Array.isArray(value) ? value : [value];
      if (Array.isArray(value) && value.length > LIMITS.settingItems) {
        ctx.addIssue({ code: 'custom', path: [key], message: `${key} holds at most ${LIMITS.settingItems} items` });
      } else if (texts.some((t) => (typeof t === 'string' ? t.length : JSON.stringify(t ?? null).length) > LIMITS.settingText)) {
        ctx.addIssue({ code: 'custom', path: [key], message: `${key} is at most ${n(LIMITS.settingText)} characters` });
      }
    }
  });

export const SecretValueSchema = z.string().min(1).max(LIMITS.secret, `A secret is at most ${n(LIMITS.secret)} characters: paste only the value`);
