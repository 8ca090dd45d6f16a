import { describe, expect, it } from 'vitest';
import { connectionKinds, kindDescriptions, settingsSchemas } from '../../core/connections/connection-kinds';
import { ERP_FLOWS } from '../../core/erp/erp-capabilities';
import { ERP_KINDS } from '../../core/erp/erp-kinds';
import { documentLengths, erpKind, erpKinds, hasConnector, registerErpKind } from '../../core/erp/registry';
import { FAKE_KIND, FakeLedger, registerFakeErp } from './fake-erp/fake-erp';

describe('the ERP registry', () => {
  it('has an entry for every shipped ERP kind with its settings schema, form fields, secrets and capabilities', () => {
    expect(erpKinds().map((k) => k.kind).sort()).toEqual([...ERP_KINDS].sort());
    for (const kind of ERP_KINDS) {
      const e = erpKind(kind)!;
      expect(e.label, kind).not.toBe('');
      expect(e.fields.length, kind).toBeGreaterThan(0);
      expect(e.secrets.length, kind).toBeGreaterThan(0);
      // Every form field and every secret condition names a setting the schema knows.
      const empty = e.settings.safeParse({});
      expect(empty.success, `${kind}: empty settings are refused`).toBe(false);
      for (const s of e.secrets) if (s.when) expect(e.fields.map((f) => f.field), kind).toContain(s.when.field);
      const c = e.capabilities;
      expect(['local-only', 'any-with-rate']).toContain(c.journalCurrencies);
      expect(['on-create', 'by-action', 'in-erp']).toContain(c.journalPosting);
      expect(['us', 'erp']).toContain(c.documentNumbers);
      expect(['named', 'cost-centre-slots', 'ledger-display-string', 'segmented-subaccount']).toContain(c.dimensions);
      expect(['notifications', 'polling']).toContain(c.changeSignals);
      for (const n of Object.values(c.lengths)) expect(Number.isInteger(n) && n > 0, kind).toBe(true);
      for (const f of c.flows) expect(ERP_FLOWS).toContain(f);
      // A kind that says why it cannot ship orders by Amazon does not offer it too.
      if (c.amazonFulfilmentWhyNot) expect(c.flows, kind).not.toContain('amazonFulfilment');
      // A kind lists flows exactly when its connector is built.
      expect(c.flows.length > 0, kind).toBe(hasConnector(kind));
    }
  });

  it('says what each ERP does differently: all four connectors are built; each its own dimension model', () => {
    expect(ERP_KINDS.filter(hasConnector)).toEqual(['business-central', 'd365fo', 'sap-b1', 'acumatica']);
    expect(erpKind('business-central')!.capabilities).toMatchObject({ journalCurrencies: 'local-only', journalPosting: 'by-action', documentNumbers: 'us', lengths: { naturalKey: 35, documentNumber: 20 }, dimensions: 'named', changeSignals: 'notifications' });
    expect(erpKind('d365fo')!.capabilities).toMatchObject({ journalCurrencies: 'any-with-rate', journalPosting: 'in-erp', documentNumbers: 'erp', dimensions: 'ledger-display-string', changeSignals: 'polling' });
    expect(erpKind('sap-b1')!.capabilities).toMatchObject({ journalPosting: 'on-create', dimensions: 'cost-centre-slots' });
    expect(erpKind('acumatica')!.capabilities).toMatchObject({ journalPosting: 'by-action', dimensions: 'segmented-subaccount' });
    expect(erpKind('amazon')).toBeUndefined();
  });

  it('the Connections screen reads the ERP kinds from the registry, Amazon beside them', () => {
    expect(connectionKinds).toEqual(['amazon', ...ERP_KINDS]);
    for (const kind of ERP_KINDS) {
      expect(kindDescriptions[kind]).toMatchObject({ kind, label: erpKind(kind)!.label, fields: erpKind(kind)!.fields, secrets: erpKind(kind)!.secrets });
      expect(settingsSchemas[kind]).toBe(erpKind(kind)!.settings);
    }
  });

  it('a registered kind is found until it is removed, and a kind registers once', () => {
    const remove = registerFakeErp(new FakeLedger());
    try {
      expect(hasConnector(FAKE_KIND)).toBe(true);
      expect(documentLengths(FAKE_KIND)).toMatchObject({ naturalKey: 30, documentNumber: 12 });
      // Without a chosen connection, the shortest any built kind takes.
      expect(documentLengths()).toMatchObject({ naturalKey: 30, documentNumber: 12 });
      expect(() => registerErpKind({ ...erpKind(FAKE_KIND)! })).toThrow(/registered already/);
    } finally {
      remove();
    }
    expect(erpKind(FAKE_KIND)).toBeUndefined();
    expect(documentLengths()).toMatchObject({ naturalKey: 35, documentNumber: 20 });
  });
});
