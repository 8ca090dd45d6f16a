import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDispatcher } from '../../core/api/handlers';
import { fieldIssues } from '../../core/errors/input-issues';
import { MemoryCredentials } from '../sync/sync-fixture';
import { tempWorkspace } from '../support/temp-workspace';

const cleanups: Array<() => void> = [];
afterEach(() => { for (const c of cleanups.splice(0)) c(); });

function api() {
  const ws = tempWorkspace(new MemoryCredentials());
  cleanups.push(() => ws.remove());
  const d = createDispatcher(ws);
  let n = 0;
  return (name: string, input: unknown) => d.invoke(name, input, `c${n++}`) as Promise<{ ok: false; error: { code: string; message: string; issues: Array<{ path: string; message: string }> } }>;
}

// zod's own words ("Invalid input: expected string, received undefined", "Too small: …") name no field.
const zodWords = /Invalid input|Too small|Too big|Invalid option|expected \w+, received|^Required$/;

describe('a refused input says which field, and which line or record, in words', () => {
  it('a field left out of a call is named, never by its internal name', async () => {
    const call = api();
    const r = await call('settlements.importUpload', { fileName: 'june.tsv' });
    expect(r.ok).toBe(false);
    expect(r.error.message).toBe('The file is missing.');
    expect(r.error.message).not.toMatch(/contentBase64|importUpload/);
    const empty = await call('settlements.importUpload', { fileName: 'june.tsv', contentBase64: '' });
    expect(empty.error.message).toBe('This file is empty.');
  });

  it('connection settings left out are named as the form labels them', async () => {
    const call = api();
    const r = await call('connections.save', { kind: 'amazon', name: 'Amazon EU', settings: { region: 'EU' }, secrets: {} });
    expect(r.error.message).toBe('The Amazon Seller Central settings are not complete: LWA client id is missing.');
    expect(r.error.issues).toEqual([{ path: 'settings.lwaClientId', message: 'LWA client id is missing.' }]);
  });

  it("every message of a list's element names the element and its field", () => {
    const schema = z.object({ lines: z.array(z.object({ amount: z.number().int(), sku: z.string().min(1) })), name: z.string().max(3), kind: z.enum(['fee', 'sku']) });
    const parsed = schema.safeParse({ lines: [{ amount: 1, sku: 'A' }, { sku: '' }, { amount: 'x', sku: 'B' }], name: 'long name', kind: 'other' });
    const issues = fieldIssues(parsed.error!);
    expect(issues.map((i) => i.message)).toEqual([
      'Amount of line 2 is missing.',
      'SKU of line 2 is empty.',
      'Amount of line 3 must be a number.',
      'Name must be at most 3 characters long.',
      'Kind must be one of fee, sku.',
    ]);
    expect(issues.every((i) => !zodWords.test(i.message))).toBe(true);
  });

  it('a schema that speaks for itself keeps its words', () => {
    const parsed = z.object({ lwaClientId: z.string().min(1, 'LWA client id is required') }).safeParse({ lwaClientId: '' });
    expect(fieldIssues(parsed.error!)[0]!.message).toBe('LWA client id is required');
  });
});
