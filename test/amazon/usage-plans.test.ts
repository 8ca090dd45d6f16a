import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../core/amazon/usage-plans';
import { modelUsagePlan } from './contract';

describe('usage plans', () => {
  const stated = Object.entries(OPERATIONS).filter(([, info]) => !('stated' in info) || info.stated !== false);
  const assumed = Object.entries(OPERATIONS).filter(([, info]) => 'stated' in info && info.stated === false);

  it.each(stated)('%s uses the rate and burst stated in its official model', (name, info) => {
    expect(modelUsagePlan(info.model, name)).toEqual({ rate: info.rate, burst: info.burst });
  });

  it.each(assumed)('%s is marked as assumed only because its model states no usage plan', (name, info) => {
    expect(modelUsagePlan(info.model, name)).toBeNull();
  });
});
