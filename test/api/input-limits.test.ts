import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import { MemoryCredentials } from '../sync/sync-fixture';
import { tempWorkspace } from '../support/temp-workspace';

const cleanups: Array<() => void> = [];
afterEach(() => { for (const c of cleanups.splice(0)) c(); });

const amazon = { region: 'NA', lwaClientId: `amzn1.application-oa2-client.${'a'.repeat(32)}` };

function setup() {
  const ws = tempWorkspace(new MemoryCredentials());
  cleanups.push(() => ws.remove());
  return { ws, api: createDispatcher(ws) };
}

async function refusal(input: Record<string, unknown>): Promise<{ path: string; message: string }[]> {
  const { ws, api } = setup();
  const r = await api.invoke('connections.save', { kind: 'amazon', name: 'Amazon US', settings: amazon, ...input }, 'x');
  expect(r.ok, 'the oversized input was accepted').toBe(false);
  expect(ws.connections.list()).toEqual([]);
  return r.ok ? [] : (r.error.issues ?? []);
}

describe('sensible lengths for what a connection stores', () => {
  it('a name over 80 characters is refused in words', async () => {
    expect(await refusal({ name: 'N'.repeat(81) })).toContainEqual({ path: 'name', message: 'A connection name is at most 80 characters' });
  });

  it('a setting of 100 000 characters is refused, naming the setting', async () => {
    const issues = await refusal({ settings: { ...amazon, endpointOverride: `http://127.0.0.1/${'x'.repeat(100_000)}` } });
    expect(issues).toContainEqual({ path: 'settings.endpointOverride', message: 'endpointOverride is at most 2,000 characters' });
  });

  it('a list setting of 10 000 items, a long setting name and 1 000 settings are refused', async () => {
    expect(await refusal({ settings: { ...amazon, marketplaceIds: Array.from({ length: 10_000 }, () => 'ATVPDKIKX0DER') } }))
      .toContainEqual({ path: 'settings.marketplaceIds', message: 'marketplaceIds holds at most 200 items' });
    expect((await refusal({ settings: { ...amazon, ['k'.repeat(200)]: 'v' } }))[0]?.message).toBe('A setting name is at most 64 characters');
    expect((await refusal({ settings: { ...amazon, ...Object.fromEntries(Array.from({ length: 1_000 }, (_, i) => [`s${i}`, 'v'])) } }))[0]?.message)
      .toBe('A connection has at most 50 settings');
  });

  it('a secret of a megabyte is refused before it reaches the keychain', async () => {
    expect(await refusal({ secrets: { clientSecret: 's'.repeat(1_000_000) } })).toContainEqual({
      path: 'secrets.clientSecret',
      message: 'A secret is at most 16,384 characters: paste only the value',
    });
  });

  it('settings of ordinary length are still saved', async () => {
    const { api } = setup();
    const r = await api.invoke('connections.save', { kind: 'amazon', name: 'N'.repeat(80), settings: { ...amazon, endpointOverride: `http://127.0.0.1:4010/${'x'.repeat(1_900)}`, marketplaceIds: ['ATVPDKIKX0DER'] } }, 'x');
    expect(r.ok).toBe(true);
  });
});

describe('sensible lengths for a job', () => {
  it('a job name over 100 characters is refused in words', async () => {
    const { api } = setup();
    const r = await api.invoke('jobs.save', { name: 'J'.repeat(101), kind: 'settlement-discovery', schedule: { preset: 'hourly' }, timeZone: 'UTC' }, 'x');
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.error.issues).toContainEqual({ path: 'name', message: 'A job name is at most 100 characters' });
  });
});
