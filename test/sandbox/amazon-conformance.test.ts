import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../core/amazon/usage-plans';
import { servedOperations } from '../../core/sandbox/amazon/sp-api-routes';
import { operation } from '../amazon/contract';
import { referencePath } from '../support/reference';

/**
 * Every SP-API route the Amazon emulator serves is an operation of Amazon's official model that usage-plans.ts
 * names for it (read from the shared reference): same operationId, same method, and a path the model's
 * template produces. What it answers is checked against the same models by test/amazon (contract.ts).
 */
describe('Amazon emulator conforms to the SP-API models', () => {
  for (const served of servedOperations()) {
    const modelFile = OPERATIONS[served.operation].model;
    if (!existsSync(referencePath('amazon', 'models', modelFile))) {
      const gap = `${served.operation}: NO OFFICIAL SPEC — amazon/models/${modelFile} is missing from the reference, so its route is unchecked`;
      console.warn(gap);
      it.skip(gap, () => undefined);
      continue;
    }
    it(`${served.method} ${served.operation} is ${modelFile}'s operation at its path`, () => {
      const declared = operation(modelFile, served.operation);
      expect(declared.method).toBe(served.method);
      // The model's template with a value in each {parameter} must be a path the emulator routes here,
      // capturing exactly those parameters.
      const params = declared.path.match(/\{[^}]+\}/g) ?? [];
      const sample = declared.path.replace(/\{[^}]+\}/g, (_p, offset: number) => `v${offset}`);
      const m = served.pattern.exec(sample);
      expect(m, `${declared.path} (as ${sample}) against ${String(served.pattern)}`).not.toBeNull();
      expect(m!.length - 1).toBe(params.length);
    });
  }

  it('serves each operation once', () => {
    const names = servedOperations().map((s) => s.operation);
    expect(names.length).toBe(new Set(names).size);
  });
});
