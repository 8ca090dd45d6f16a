import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDispatcher } from '../../core/api/handlers';
import { registerErpKind } from '../../core/erp/registry';
import { FAKE_CAPABILITIES } from '../erp/fake-erp/fake-erp';
import { MemoryCredentials } from '../sync/sync-fixture';
import { tempWorkspace } from '../support/temp-workspace';

const cleanups: Array<() => void> = [];
afterEach(() => { for (const c of cleanups.splice(0)) c(); });

function api() {
  const ws = tempWorkspace(new MemoryCredentials());
  cleanups.push(() => ws.remove());
  const d = createDispatcher(ws);
  let n = 0;
  return (name: string, input: unknown) => d.invoke(name, input, `c${n++}`) as Promise<{ ok: boolean; value?: unknown; error?: { message: string; issues?: Array<{ path: string; message: string }> } }>;
}

const amazon = (endpointOverride: string) => ({
  kind: 'amazon', name: 'Amazon EU', secrets: {},
  settings: { region: 'EU', lwaClientId: `amzn1.application-oa2-client.${'a'.repeat(32)}`, endpointOverride },
});

describe('connection kinds and addresses', () => {
  it('a kind registered without a connector is listed as coming; the built ones are not', async () => {
    cleanups.push(registerErpKind({ kind: 'unbuilt-erp', label: 'Unbuilt Ledger', settings: z.object({}), fields: [], secrets: [], capabilities: { ...FAKE_CAPABILITIES, flows: [] } }));
    const kinds = (await api()('connections.kinds', {})).value as Array<{ kind: string; label: string; coming: boolean }>;
    expect(kinds.find((k) => k.kind === 'unbuilt-erp')).toEqual({ kind: 'unbuilt-erp', label: 'Unbuilt Ledger', coming: true });
    expect(kinds.filter((k) => ['amazon', 'business-central', 'sap-b1', 'acumatica', 'd365fo'].includes(k.kind)).every((k) => !k.coming)).toBe(true);
  });

  it('an Amazon endpoint override must be https, or http to this machine only, and says so', async () => {
    const call = api();
    const plain = await call('connections.save', amazon('http://sp-api.example.com'));
    expect(plain.ok).toBe(false);
    expect(plain.error!.issues).toEqual([{ path: 'settings.endpointOverride', message: 'The endpoint override must be a full https:// address (http:// only for 127.0.0.1 or localhost, such as an emulator)' }]);
    expect((await call('connections.save', amazon('https://sellingpartnerapi-eu.amazon.com'))).ok).toBe(true);
    expect((await call('connections.save', amazon('http://127.0.0.1:4020'))).ok).toBe(true);
  });
});
