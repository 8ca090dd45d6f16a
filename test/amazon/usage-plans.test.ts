import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../core/amazon/usage-plans';
import { MODELS_DIR, modelUsagePlan } from './contract';

describe('usage plans', () => {
  // A model missing from the shared reference (fulfillmentOutbound_2020-07-01.json) cannot be re-read here.
  const inReference = Object.entries(OPERATIONS).filter(([, info]) => existsSync(join(MODELS_DIR, info.model)));
  const stated = inReference.filter(([, info]) => !('stated' in info) || info.stated !== false);
  const assumed = inReference.filter(([, info]) => 'stated' in info && info.stated === false);

  it.each(stated)('%s uses the rate and burst stated in its official model', (name, info) => {
    expect(modelUsagePlan(info.model, name)).toEqual({ rate: info.rate, burst: info.burst });
  });

  it.each(assumed)('%s is marked as assumed only because its model states no usage plan', (name, info) => {
    expect(modelUsagePlan(info.model, name)).toBeNull();
  });
});
