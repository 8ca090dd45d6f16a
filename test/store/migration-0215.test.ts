import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openDatabase } from '../../core/store';
import { migrations } from '../../core/store/migrations';
import { tempDir } from '../support/temp-workspace';

const T = '2026-07-03T10:00:00.000Z';

it('migration 215 keeps every Vendor Central outbox row and review item, and then takes an acknowledgement and its rejection', () => {
  const d = tempDir();
  const file = join(d.dir, 'before.sqlite');
  const before = openDatabase(file, { migrations: migrations.filter((m) => m.id < 215) });
  before.prepare(`INSERT INTO connection (id, kind, name, settings, created_at, updated_at) VALUES ('bc', 'business-central', 'bc', '{}', ?, ?)`).run(T, T);
  before.prepare(`INSERT INTO vendor_outbox (connection_id, kind, natural_key, subject, document, state, result, attempts, created_at, updated_at) VALUES ('bc', 'sales-order', 'MLCD1:PO1', 'MLCD1:PO1', '{}', 'sent', 'S-ORD101001', 1, ?, ?)`).run(T, T);
  before.prepare(`INSERT INTO vendor_review_item (erp_connection_id, key, kind, vendor_code, po_number, title, facts, amount, currency, state, created_at, updated_at) VALUES ('bc', 'shortage:1', 'shortage', 'MLCD1', 'PO1', 'Short', '{}', 15040, 'EUR', 'open', ?, ?)`).run(T, T);
  before.close();

  const after = openDatabase(file);
  expect(after.prepare('SELECT kind, natural_key, state, result, attempts FROM vendor_outbox').all()).toEqual([{ kind: 'sales-order', natural_key: 'MLCD1:PO1', state: 'sent', result: 'S-ORD101001', attempts: 1 }]);
  expect(after.prepare('SELECT kind, amount, state FROM vendor_review_item').all()).toEqual([{ kind: 'shortage', amount: 15040, state: 'open' }]);
  after.prepare(`INSERT INTO vendor_outbox (connection_id, kind, natural_key, subject, document, state, created_at, updated_at) VALUES ('bc', 'acknowledgement', 'MLCD1:PO1', 'MLCD1:PO1', '{}', 'held', ?, ?)`).run(T, T);
  after.prepare(`INSERT INTO vendor_review_item (erp_connection_id, key, kind, vendor_code, title, facts, state, created_at, updated_at) VALUES ('bc', 'ack:1', 'acknowledgement-rejected', 'MLCD1', 'Rejected', '{}', 'open', ?, ?)`).run(T, T);
  expect(() => after.prepare(`INSERT INTO vendor_outbox (connection_id, kind, natural_key, subject, document, state, created_at, updated_at) VALUES ('bc', 'sales-order', 'MLCD1:PO1', 'x', '{}', 'sent', ?, ?)`).run(T, T)).toThrow(/UNIQUE/);
  after.close();
});
