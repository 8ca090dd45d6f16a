import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import type { CallRecord } from '../../core/erp/http-client';
import { ledgerFor, onlineConnector, settlementJournal } from './bc-fixtures';

let emu: BusinessCentralEmulator;
beforeEach(async () => { emu = await startBusinessCentralEmulator(); });
afterEach(async () => { await emu.stop(); });

describe('Business Central settlement journals', () => {
  it('posts a journal into generalLedgerEntries with amounts, dimensions and its document number', async () => {
    const doc = settlementJournal('1001');
    const result = await onlineConnector(emu).postJournal(doc);
    expect(result).toEqual({ documentNumber: 'AMZ1001', alreadyExisted: false, posted: true });
    const entries = ledgerFor(emu, 'AMZ1001');
    expect(entries).toHaveLength(4);
    expect(entries.reduce((s, e) => s + Number(e.debitAmount) * 100, 0)).toBeCloseTo(3003, 6);
    expect(entries.find((e) => e.accountNumber === '2920')?.creditAmount).toBe(30.03);
    expect(emu.rows('journalLines')).toHaveLength(0);
  });

  it('posting the same journal twice leaves one posted journal', async () => {
    const doc = settlementJournal('1002');
    await onlineConnector(emu).postJournal(doc);
    const again = await onlineConnector(emu).postJournal(doc);
    expect(again).toEqual({ documentNumber: 'AMZ1002', alreadyExisted: true, posted: true });
    expect(ledgerFor(emu, 'AMZ1002')).toHaveLength(4);
    expect(await onlineConnector(emu).findByNaturalKey('journal', doc.externalDocumentNumber)).toEqual({ kind: 'journal', documentNumber: 'AMZ1002', state: 'posted' });
  });

  it('a crash between creating the lines and posting them, then a rerun, posts exactly once', async () => {
    const doc = settlementJournal('1003', 250);
    // The post action is carried out but the connection dies: the client cannot know it worked.
    emu.faults.failNext(1, 503, { path: /Microsoft\.NAV\.post/ });
    emu.faults.failNext(6, 503, { path: /Microsoft\.NAV\.post/ });
    await expect(onlineConnector(emu).postJournal(doc)).rejects.toMatchObject({ kind: 'transient', document: doc.externalDocumentNumber });
    expect(emu.rows('journalLines')).toHaveLength(250);
    expect(ledgerFor(emu, 'AMZ1003')).toHaveLength(0);
    expect(await onlineConnector(emu).findByNaturalKey('journal', doc.externalDocumentNumber)).toEqual({ kind: 'journal', documentNumber: 'AMZ1003', state: 'draft' });
    emu.faults.clear();
    const before = emu.stats.batchOperations;
    expect(await onlineConnector(emu).postJournal(doc)).toMatchObject({ documentNumber: 'AMZ1003', posted: true });
    expect(emu.stats.batchOperations).toBe(before); // nothing re-created
    expect(ledgerFor(emu, 'AMZ1003')).toHaveLength(250);
  });

  it('a post whose answer is lost is not posted again', async () => {
    const doc = settlementJournal('1004');
    emu.faults.dropAfterProcessing(1, { path: /Microsoft\.NAV\.post/ });
    expect(await onlineConnector(emu).postJournal(doc)).toMatchObject({ documentNumber: 'AMZ1004', posted: true });
    expect(ledgerFor(emu, 'AMZ1004')).toHaveLength(4);
  });

  it('a 500 in the middle of a $batch rolls that batch back and the rerun completes it once', async () => {
    const doc = settlementJournal('1005', 230);
    emu.faults.failBatchOperation(50, 500);
    expect(await onlineConnector(emu).postJournal(doc)).toMatchObject({ posted: true });
    expect(ledgerFor(emu, 'AMZ1005')).toHaveLength(230);
  });

  it('a lost $batch answer does not duplicate lines', async () => {
    const doc = settlementJournal('1006', 150);
    emu.faults.dropAfterProcessing(1, { path: /\$batch/ });
    expect(await onlineConnector(emu).postJournal(doc)).toMatchObject({ posted: true });
    expect(ledgerFor(emu, 'AMZ1006')).toHaveLength(150);
  });

  it('survives a 429 storm and 503 bursts without Retry-After', async () => {
    const doc = settlementJournal('1007', 120);
    emu.faults.failNext(3, 429);
    emu.faults.failNext(2, 503, { path: /\$batch/ });
    expect(await onlineConnector(emu).postJournal(doc)).toMatchObject({ posted: true });
    expect(ledgerFor(emu, 'AMZ1007')).toHaveLength(120);
    expect(emu.stats.throttled).toBeGreaterThanOrEqual(3);
  });

  it('gets a new token when the old one expires mid-journal', async () => {
    const doc = settlementJournal('1008', 300);
    emu.faults.delayNext(1, 20, { path: /\$batch/ });
    const connector = onlineConnector(emu);
    await connector.testConnection();
    emu.faults.expireTokens();
    expect(await connector.postJournal(doc)).toMatchObject({ posted: true });
    expect(emu.stats.tokenRequests).toBe(2);
    expect(ledgerFor(emu, 'AMZ1008')).toHaveLength(300);
  });

  it('a line on an account that does not exist fails naming the account and line, and nothing is written', async () => {
    const doc = settlementJournal('1009');
    const lines = [...doc.lines];
    lines[1] = { ...lines[1]!, accountNumber: '7777' };
    const calls: CallRecord[] = [];
    await expect(onlineConnector(emu, { audit: (c) => calls.push(c) }).postJournal({ ...doc, lines })).rejects.toThrow(/line 2: G\/L account 7777 does not exist/);
    expect(calls.filter((c) => c.method !== 'GET' && c.operation !== 'token')).toHaveLength(0);
    expect(emu.rows('journals')).toHaveLength(0);
    expect(ledgerFor(emu, 'AMZ1009')).toHaveLength(0);
  });

  it('refuses blocked accounts and unknown dimension values before writing', async () => {
    const doc = settlementJournal('1010');
    const blocked = doc.lines.map((l, i) => (i === 0 ? { ...l, accountNumber: '8999' } : l));
    await expect(onlineConnector(emu).postJournal({ ...doc, lines: blocked })).rejects.toThrow(/8999 .* does not accept direct postings/);
    const badDim = doc.lines.map((l, i) => (i === 0 ? { ...l, dimensions: { MARKETPLACE: 'AMAZON-XX' } } : l));
    await expect(onlineConnector(emu).postJournal({ ...doc, lines: badDim })).rejects.toThrow(/dimension MARKETPLACE has no value AMAZON-XX/);
    expect(emu.rows('journals')).toHaveLength(0);
  });

  it('refuses an unbalanced journal and a foreign-currency journal', async () => {
    const doc = settlementJournal('1011');
    const lines = doc.lines.map((l, i) => (i === 0 ? { ...l, debit: l.debit + 1 } : l));
    await expect(onlineConnector(emu).postJournal({ ...doc, lines })).rejects.toThrow(/does not balance/);
    await expect(onlineConnector(emu).postJournal({ ...doc, currency: 'GBP' })).rejects.toMatchObject({ kind: 'unsupported' });
  });

  it('posts 1,000 lines in 100-operation batches with at most 5 requests in flight', async () => {
    const doc = settlementJournal('1012', 1000);
    const connector = onlineConnector(emu);
    await connector.postJournal(doc);
    expect(emu.stats.batchRequests).toBe(10);
    expect(emu.stats.peakConcurrent).toBeLessThanOrEqual(5);
    expect(ledgerFor(emu, 'AMZ1012')).toHaveLength(1000);
  });
});
