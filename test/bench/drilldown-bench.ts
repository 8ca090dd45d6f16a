/**
 * Drill-down benchmark (not part of the test run): a 1M-line settlement imported into a workspace, then
 * pages of its report lines read through the API call the Settlements drill-down uses.
 *
 *   ui.drilldownDeepPage = median time of a 200-line page at a random offset deep into the lines behind one
 *                          journal line ÷ median time of its first page (totals already counted). Goal ≤ 3:
 *                          scrolling to the end of a million lines costs about what the top costs.
 *   ui.drilldownFirstOpenMs = the first page of a journal line's lines, counting included (reported, no goal).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDispatcher } from '../../core/api/handlers';
import { importSettlementFile } from '../../core/settlement/settlement-store';
import { openWorkspace } from '../../core/workspace/workspace';
import { MemoryCredentials } from '../sync/sync-fixture';
import { generate } from './settlement-file';

const json = process.argv.includes('--json');
const linesArg = process.argv.indexOf('--lines');
const lines = linesArg >= 0 ? Number(process.argv[linesArg + 1]) : 1_000_000;
const PAGE = 200;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  // The same file settlement-bench generates, so one `npm run bench` writes it once.
  const dir = join(process.cwd(), '.tmp', 'settlement-bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `v2-${lines}.tsv`);
  await generate(file, lines);
  const wsDir = mkdtempSync(join(tmpdir(), 'mlc-bench-'));
  const ws = openWorkspace(wsDir, { credentials: new MemoryCredentials() });
  try {
    const imported = await importSettlementFile(ws.db, file);
    const api = createDispatcher(ws);
    const invoke = async <T>(name: string, input: unknown): Promise<T> => {
      const r = await api.invoke(name, input, 'bench');
      if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.error)}`);
      return r.value as T;
    };
    type Preview = { documents: Array<{ period: string; currency: string; lines: Array<{ account: string | null; dimensions: Record<string, string>; description: string; lineCount: number }> }> };
    const preview = await invoke<Preview>('settlements.preview', { versionId: imported.versionId });
    const doc = preview.documents[0]!;
    const line = [...doc.lines].sort((a, b) => b.lineCount - a.lineCount)[0]!;
    const filter = { versionId: imported.versionId, journalLine: { period: doc.period, currency: doc.currency, account: line.account, dimensions: line.dimensions, description: line.description } };

    let t = performance.now();
    const first = await invoke<{ total: number }>('settlements.lines', { ...filter, offset: 0, limit: PAGE });
    const firstOpenMs = performance.now() - t;
    const time = async (offset: number) => {
      const s = performance.now();
      await invoke('settlements.lines', { ...filter, offset, limit: PAGE });
      return performance.now() - s;
    };
    const top: number[] = [];
    const deep: number[] = [];
    for (let i = 0; i < 15; i++) {
      top.push(await time(0));
      deep.push(await time(Math.floor(first.total * (0.5 + Math.random() * 0.5) - PAGE)));
    }
    t = performance.now();
    const all = await invoke<{ total: number }>('settlements.lines', { versionId: imported.versionId, offset: imported.inspection.lineCount - PAGE, limit: PAGE });
    const lastOfAllMs = performance.now() - t;
    const result = {
      'ui.drilldownDeepPage': Number((median(deep) / median(top)).toFixed(2)),
      'ui.drilldownFirstOpenMs': Math.round(firstOpenMs),
    };
    if (json) console.log(JSON.stringify(result));
    else {
      console.log(`${lines.toLocaleString('en-US')} lines; journal line "${line.description}" (${doc.period}) sums ${first.total.toLocaleString('en-US')} of them`);
      console.log(`first open (counting included) ${firstOpenMs.toFixed(0)} ms; first page ${median(top).toFixed(1)} ms; random deep page ${median(deep).toFixed(1)} ms (median of 15)`);
      console.log(`last page of all ${all.total.toLocaleString('en-US')} lines ${lastOfAllMs.toFixed(0)} ms (first time, counting included)`);
      console.log(`ui.drilldownDeepPage = ${result['ui.drilldownDeepPage']} (goal ≤ 3)`);
    }
  } finally {
    ws.close();
    rmSync(wsDir, { recursive: true, force: true });
  }
}

await main();
