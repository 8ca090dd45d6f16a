import { describe, expect, it } from 'vitest';
import { SCHEMA, type EntitySchema } from '../../core/sandbox/fo/emulator-schema';
import { readReference } from '../support/reference';

/**
 * The F&O emulator's entities against BALFO's OpenAPI derived from F&O's CSDL (fo-ballerina-openapi-*.json,
 * NOTES §2.3, §6): each collection and its by-key path exist, the key is the path's, in order, every
 * property is the entity type's, and every enum member is the spec's.
 */
interface OpenApi {
  paths: Record<string, { get?: { responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> }; post?: unknown }>;
  components: { schemas: Record<string, { properties?: Record<string, { allOf?: Array<{ $ref: string }>; $ref?: string }>; enum?: string[] }> };
}
const specs = ['ledger', 'core', 'payable', 'receivable'].map((f) => JSON.parse(readReference('erp', 'specs', `fo-ballerina-openapi-${f}.json`)) as OpenApi);

function find(set: string) {
  for (const spec of specs) {
    const byKey = Object.keys(spec.paths).find((p) => p.startsWith(`/${set}(`));
    if (spec.paths[`/${set}`] && byKey) return { spec, byKey };
  }
  return null;
}

describe('F&O emulator conforms to the F&O OpenAPI files', () => {
  for (const [set, schema] of Object.entries(SCHEMA) as Array<[string, EntitySchema]>) {
    if (schema.unverified) {
      // Held to the spec the day it declares them: then this fails and the entity is checked like the rest.
      it(`${set} is not in the OpenAPI files, so it is marked UNVERIFIED with its source`, () => {
        expect(find(set)).toBeNull();
        expect(schema.unverified).toMatch(/CDM/);
      });
      continue;
    }
    it(`${set}: path, composite key, properties and enums`, () => {
      const found = find(set);
      expect(found, `${set} in the spec`).not.toBeNull();
      const { spec, byKey } = found!;
      const keyText = /\((.*)\)$/.exec(byKey)![1]!;
      const key = keyText.includes('=') ? keyText.split(',').map((kv) => kv.split('=')[0]) : null;
      // A single-key path names only the value ({dimensionName}): compare the one key field by name.
      if (key) expect(schema.key, `key of ${set}`).toEqual(key);
      else expect(schema.key).toHaveLength(1);
      const ref = spec.paths[byKey]!.get!.responses!['200']!.content!['application/json']!.schema!.$ref!;
      const type = spec.components.schemas[ref.split('/').pop()!]!;
      const props = type.properties ?? {};
      expect(schema.fields.filter((f) => !(f in props)), `properties of ${set} the spec does not declare`).toEqual([]);
      for (const [field, members] of Object.entries(schema.enums ?? {})) {
        const enumRef = props[field]?.allOf?.[0]?.$ref ?? props[field]?.$ref;
        expect(enumRef, `${set}.${field} is an enum`).toBeDefined();
        expect([...members]).toEqual(spec.components.schemas[enumRef!.split('/').pop()!]!.enum);
      }
    });
  }

  it('the journal entities can be created (POST on the collection)', () => {
    for (const set of ['LedgerJournalHeaders', 'LedgerJournalLines']) expect(find(set)!.spec.paths[`/${set}`]!.post, set).toBeDefined();
  });
});
