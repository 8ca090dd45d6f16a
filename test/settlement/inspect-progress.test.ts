import { describe, expect, it } from 'vitest';
import { INSPECT_PROGRESS_MIN_BYTES, showsInspectProgress } from '../../core/settlement/inspect-progress';

describe('settlement inspect progress bar', () => {
  const terminal = { json: false, outIsTTY: true, errIsTTY: true, fileBytes: 200 << 20 };

  it('is drawn for a big file read on a terminal', () => {
    expect(showsInspectProgress(terminal)).toBe(true);
    expect(showsInspectProgress({ ...terminal, fileBytes: INSPECT_PROGRESS_MIN_BYTES })).toBe(true);
  });

  it('is not drawn for --json, when the output goes to a file or a pipe, or for a small file', () => {
    expect(showsInspectProgress({ ...terminal, json: true })).toBe(false);
    expect(showsInspectProgress({ ...terminal, outIsTTY: false })).toBe(false);
    expect(showsInspectProgress({ ...terminal, errIsTTY: false })).toBe(false);
    expect(showsInspectProgress({ ...terminal, fileBytes: INSPECT_PROGRESS_MIN_BYTES - 1 })).toBe(false);
  });
});
