import { afterEach, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import { MemoryCredentials } from '../sync/sync-fixture';
import { tempWorkspace } from '../support/temp-workspace';

const cleanups: Array<() => void> = [];
afterEach(() => { for (const c of cleanups.splice(0)) c(); });

const online = { deployment: 'online', tenantId: 'contoso.com', environment: 'Production', clientId: '7c1f2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f' };

it('editing a Business Central connection without endpointOverride keeps it; null clears it; a form field left out is kept too', async () => {
  const ws = tempWorkspace(new MemoryCredentials());
  cleanups.push(() => ws.remove());
  const api = createDispatcher(ws);
  const added = await api.invoke('connections.save', { kind: 'business-central', name: 'BC', settings: { ...online, companyName: 'CRONUS', endpointOverride: 'http://127.0.0.1:4010' }, secrets: { clientSecret: 's' } }, 'a');
  if (!added.ok) throw new Error(added.error.message);
  const id = (added.value as { id: string }).id;

  // What the Connections form sends: the fields it shows, no endpointOverride.
  const edited = await api.invoke('connections.save', { id, kind: 'business-central', name: 'BC renamed', settings: { ...online, environment: 'Sandbox' } }, 'b');
  expect(edited).toMatchObject({ ok: true, value: { name: 'BC renamed', settings: { ...online, environment: 'Sandbox', companyName: 'CRONUS', endpointOverride: 'http://127.0.0.1:4010' } } });
  expect(ws.connections.get(id)!.settings).toMatchObject({ environment: 'Sandbox', endpointOverride: 'http://127.0.0.1:4010', companyName: 'CRONUS' });

  // An explicit null clears a setting; the others stay.
  const cleared = await api.invoke('connections.save', { id, kind: 'business-central', name: 'BC renamed', settings: { ...online, endpointOverride: null, companyName: null } }, 'c');
  expect(cleared.ok).toBe(true);
  const stored = ws.connections.get(id)!.settings;
  expect(stored).not.toHaveProperty('endpointOverride');
  expect(stored).not.toHaveProperty('companyName');
  expect(stored).toMatchObject({ ...online, environment: 'Production' });

  // Switching to on-premises drops the online-only settings (they are not part of that kind of connection).
  await api.invoke('connections.save', { id, kind: 'business-central', name: 'BC', settings: { endpointOverride: 'http://127.0.0.1:4010' } }, 'd');
  const onPrem = await api.invoke('connections.save', { id, kind: 'business-central', name: 'BC', settings: { deployment: 'on-premises', baseUrl: 'https://bc.contoso.local:7048/BC/api/v2.0', username: 'svc' } }, 'e');
  expect(onPrem.ok).toBe(true);
  expect(ws.connections.get(id)!.settings).toEqual({ deployment: 'on-premises', baseUrl: 'https://bc.contoso.local:7048/BC/api/v2.0', username: 'svc' });
});

it('an edit that leaves the settings incomplete is refused and changes nothing', async () => {
  const ws = tempWorkspace(new MemoryCredentials());
  cleanups.push(() => ws.remove());
  const api = createDispatcher(ws);
  const added = await api.invoke('connections.save', { kind: 'business-central', name: 'BC', settings: { ...online, endpointOverride: 'http://127.0.0.1:4010' }, secrets: { clientSecret: 's' } }, 'a');
  if (!added.ok) throw new Error(added.error.message);
  const id = (added.value as { id: string }).id;
  const refused = await api.invoke('connections.save', { id, kind: 'business-central', name: 'BC', settings: { tenantId: null } }, 'b');
  expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'settings.tenantId' }] } });
  expect(ws.connections.get(id)!.settings).toEqual({ ...online, endpointOverride: 'http://127.0.0.1:4010' });
});
