import { describe, expect, it } from 'vitest';
import { buildBridge, type IpcLike } from '../../electron/bridge';
import { callNames, ipcChannel } from '../../core/api';

function recorder() {
  const invoked: string[] = [];
  const ipc: IpcLike = {
    invoke: async (channel) => {
      invoked.push(channel);
      return { ok: true, value: null };
    },
    on: () => undefined,
    removeListener: () => undefined,
  };
  return { ipc, invoked };
}

describe('preload bridge', () => {
  it('exposes exactly the calls declared in the contract', () => {
    const bridge = buildBridge(recorder().ipc);
    expect(Object.keys(bridge.calls).sort()).toEqual([...callNames].sort());
  });

  it('offers no way to reach an undeclared channel', async () => {
    const { ipc, invoked } = recorder();
    const bridge = buildBridge(ipc) as unknown as Record<string, unknown> & { calls: Record<string, unknown> };
    expect(bridge.calls['secrets.dump']).toBeUndefined();
    expect(Object.keys(bridge).sort()).toEqual(['calls', 'onEvent']);
    expect(() => {
      (bridge.calls as Record<string, unknown>)['secrets.dump'] = () => ipc.invoke('secrets.dump');
    }).toThrow(TypeError);
    await (bridge.calls['connections.list'] as (i: unknown, c: string) => Promise<unknown>)({}, 'c1');
    expect(invoked).toEqual([ipcChannel('connections.list')]);
  });
});
