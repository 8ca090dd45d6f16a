import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSapB1Emulator, type SapB1Emulator } from '../../../core/sandbox/sap-b1/emulator';
import { b1Connector, b1Journal } from './sap-b1-fixtures';

let emu: SapB1Emulator;
beforeEach(async () => { emu = await startSapB1Emulator(); });
afterEach(async () => { await emu.stop(); });

const byReference = (key: string) => emu.journalEntries().filter((j) => j.Reference === key);

describe('SAP Business One settlement journals', () => {
  it('posts one journal entry with Reference = natural key, Reference2, Memo, amounts and costing codes, and gives back its JdtNum', async () => {
    const c = b1Connector(emu);
    const doc = b1Journal('1001');
    const result = await c.postJournal(doc);
    const [entry] = byReference(doc.externalDocumentNumber);
    expect(result).toEqual({ documentNumber: String(entry!.JdtNum), alreadyExisted: false, posted: true });
    expect(entry).toMatchObject({ Reference2: 'AMZ1001', Memo: 'Amazon settlement 1001', ReferenceDate: '2026-06-01' });
    expect(entry!.JournalEntryLines).toHaveLength(4);
    expect(entry!.JournalEntryLines[0]).toMatchObject({ AccountCode: '_SYS00000000031', Debit: 10, Credit: 0, CostingCode: 'AMZ-US', LineMemo: 'Fee 1' });
    expect(entry!.JournalEntryLines[3]).toMatchObject({ AccountCode: '_SYS00000000010', Credit: 30.03 });
    expect(await c.findByNaturalKey('journal', doc.externalDocumentNumber)).toEqual({ kind: 'journal', documentNumber: String(entry!.JdtNum), state: 'posted' });
    await c.close();
  });

  it('posting the same journal twice leaves one entry and says it already existed', async () => {
    const doc = b1Journal('1002');
    const first = await b1Connector(emu).postJournal(doc);
    const again = await b1Connector(emu).postJournal(doc);
    expect(again).toEqual({ documentNumber: first.documentNumber, alreadyExisted: true, posted: true });
    expect(byReference(doc.externalDocumentNumber)).toHaveLength(1);
  });

  it('a create whose answer is lost (the entry was booked) is found by Reference and not booked again', async () => {
    const doc = b1Journal('1003');
    emu.faults.dropAfterProcessing(1, { path: /^POST JournalEntries$/ });
    const result = await b1Connector(emu).postJournal(doc);
    expect(byReference(doc.externalDocumentNumber)).toHaveLength(1);
    expect(result).toMatchObject({ documentNumber: String(byReference(doc.externalDocumentNumber)[0]!.JdtNum), posted: true });
  });

  it('a session that expires mid-run logs in once more and retries: one entry per natural key, one extra login', async () => {
    const c = b1Connector(emu);
    await c.postJournal(b1Journal('2001'));
    emu.faults.expireTokens();
    await Promise.all([c.postJournal(b1Journal('2002')), c.postJournal(b1Journal('2003'))]);
    expect(emu.stats.logins).toBe(2);
    expect(emu.stats.expiredRejections).toBeGreaterThan(0);
    for (const id of ['2001', '2002', '2003']) expect(byReference(b1Journal(id).externalDocumentNumber)).toHaveLength(1);
  });

  it('throttling and a 503 burst on the look-up are retried; the entry is posted once', async () => {
    emu.faults.throttle(2, { path: /^GET JournalEntries$/ });
    emu.faults.failNext(2, 503, { path: /^GET JournalEntries$/ });
    const doc = b1Journal('1004');
    expect(await b1Connector(emu).postJournal(doc)).toMatchObject({ posted: true, alreadyExisted: false });
    expect(byReference(doc.externalDocumentNumber)).toHaveLength(1);
  });

  it('a business error (title account) fails that document in words, with B1\'s code, and books nothing', async () => {
    const doc = b1Journal('1005');
    const bad = { ...doc, lines: doc.lines.map((l, i) => (i === 0 ? { ...l, accountNumber: '_SYS00000000001' } : l)) };
    await expect(b1Connector(emu).postJournal(bad)).rejects.toMatchObject({
      kind: 'validation', erpCode: '-5002', document: doc.externalDocumentNumber,
      message: expect.stringContaining("Account '_SYS00000000001' is a title account"),
    });
    expect(emu.journalEntries()).toHaveLength(0);
  });

  it('a profit centre used in the wrong dimension is refused by the ERP', async () => {
    const doc = b1Journal('1006');
    const bad = { ...doc, lines: doc.lines.map((l, i) => (i === 0 ? { ...l, dimensions: { '2': 'AMZ-US' } } : l)) };
    await expect(b1Connector(emu).postJournal(bad)).rejects.toMatchObject({ kind: 'validation', message: expect.stringContaining('belongs to dimension 1, not 2') });
  });

  it('a foreign-currency settlement posts FC lines with local amounts at the company\'s rate, balanced in local currency', async () => {
    const doc = b1Journal('3001', 4, 'EUR');
    await b1Connector(emu).postJournal(doc);
    const [entry] = byReference(doc.externalDocumentNumber);
    const lines = entry!.JournalEntryLines;
    expect(lines.every((l) => l.FCCurrency === 'EUR')).toBe(true);
    expect(lines[0]).toMatchObject({ FCDebit: 10, Debit: 10.84 });
    expect(lines[3]).toMatchObject({ FCCredit: 30.03 });
    const cents = (k: 'Debit' | 'Credit') => lines.reduce((s, l) => s + Math.round(Number(l[k]) * 100), 0);
    expect(cents('Debit')).toBe(cents('Credit'));
  });

  it('without a rate for the posting date the document is refused in plain words before anything is sent', async () => {
    const doc = { ...b1Journal('3002', 4, 'EUR'), postingDate: '2026-06-02' };
    await expect(b1Connector(emu).postJournal(doc)).rejects.toMatchObject({ kind: 'validation', message: expect.stringContaining('no exchange rate for EUR on 2026-06-02') });
    expect(emu.stats.journalPosts).toBe(0);
  });

  it('close() logs out: the licence seat is free at once', async () => {
    const c = b1Connector(emu);
    await c.testConnection();
    expect(emu.openSessions()).toBe(1);
    await c.close();
    expect(emu.openSessions()).toBe(0);
    expect(emu.stats.logouts).toBe(1);
  });
});
