// The V2 sample from amazon-settlement-parser by xieyi138-star (CC BY 4.0), read at test time from ../shared/reference.
import { afterEach, expect, it } from 'vitest';
import type { SettlementPreview } from '../../core/api/calls/settlements';
import { sample, setup } from '../review/review-fixtures';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

it('the preview of an incomplete copy shows its own lines: what they add up to and how far that is from the declared total', async () => {
  const t = await setup();
  cleanups.push(t.ws.remove);
  const upload = (text: string) => t.value<{ versionId: number; outcome: string }>('settlements.importUpload', { fileName: 's.tsv', contentBase64: Buffer.from(text, 'utf8').toString('base64') });
  const complete = await upload(sample());
  const cut = await upload(sample().split('\n').slice(0, 17).join('\n'));
  expect(cut.outcome).toBe('incomplete-copy');
  const copy = await t.value<SettlementPreview>('settlements.preview', { versionId: cut.versionId });
  expect(copy.tieOut).toMatchObject({ linesTotal: 31457, difference: -26832 });
  const current = await t.value<SettlementPreview>('settlements.preview', { versionId: complete.versionId });
  expect(current.tieOut).toMatchObject({ linesTotal: 58289, difference: 0 });
});
