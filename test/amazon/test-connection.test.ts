import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testAmazonConnection } from '../../core/amazon/test-connection';
import { clockStartingAt } from '../../core/clock/clock';
import { startAmazonEmulator, type AmazonEmulator } from '../../core/sandbox/amazon/emulator';
import { AuditLog, openDatabase } from '../../core/store';

let emu: AmazonEmulator;
afterEach(async () => {
  await emu?.stop();
});

const config = (e: AmazonEmulator) => ({ region: 'NA' as const, lwaClientId: e.clientId, marketplaceIds: ['ATVPDKIKX0DER'], endpointOverride: e.url });

describe('Test connection (Amazon)', () => {
  it("names the seller's store and marketplaces, and audits the calls", async () => {
    emu = await startAmazonEmulator();
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'mlc-conn-')), 'ws.sqlite'));
    const audit = new AuditLog(db);
    const result = await testAmazonConnection(config(emu), { clientSecret: emu.clientSecret, refreshToken: emu.refreshToken }, audit, { connectionId: 'conn-amz' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.storeName).toBe('Demo Mugs');
    expect(result.marketplaces.map((m) => `${m.country} ${m.currency}`)).toEqual(['US USD', 'CA CAD', 'GB GBP', 'DE EUR', 'JP JPY']);
    expect(result.warnings).toEqual([]);
    expect(audit.list({ system: 'amazon' }).map((r) => r.operation).sort()).toEqual(['getMarketplaceParticipations', 'lwa.token']);
    db.close();
  });

  it('says the seller must re-authorize when the refresh token was revoked', async () => {
    emu = await startAmazonEmulator();
    emu.faults.revokeRefreshToken(emu.refreshToken);
    const result = await testAmazonConnection(config(emu), { clientSecret: emu.clientSecret, refreshToken: emu.refreshToken });
    expect(result).toMatchObject({ ok: false, kind: 'reauthorize' });
    expect(!result.ok && result.message).toMatch(/re-authorize/);
  });

  it('says the client secret is wrong or rotated, and warns about an ageing secret when it works', async () => {
    const now = Date.parse('2026-06-20T12:00:00Z');
    const clock = clockStartingAt(now);
    emu = await startAmazonEmulator({ clock });
    const wrong = await testAmazonConnection(config(emu), { clientSecret: 'stale', refreshToken: emu.refreshToken }, undefined, { clock });
    expect(wrong).toMatchObject({ ok: false, kind: 'client-credentials' });
    const aged = await testAmazonConnection(config(emu), {
      clientSecret: emu.clientSecret,
      refreshToken: emu.refreshToken,
      clientSecretEnteredAt: new Date(now - 155 * 86_400_000),
    }, undefined, { clock });
    // Entered 16 January: 180 days run out on 15 July.
    expect(aged.ok && aged.warnings.join(' ')).toMatch(/entered 155 days ago.*every 180 days.* before 2026-07-15\.$/);
  });

  it('explains an Amazon outage in plain words instead of hanging', async () => {
    emu = await startAmazonEmulator();
    emu.faults.failNext(10, 503);
    const result = await testAmazonConnection(config(emu), { clientSecret: emu.clientSecret, refreshToken: emu.refreshToken });
    expect(result).toMatchObject({ ok: false, kind: 'unavailable' });
    expect(!result.ok && result.message).toMatch(/Amazon answered 503 .* try again later/);
  });
});
