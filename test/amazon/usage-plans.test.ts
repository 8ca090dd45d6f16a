import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../core/amazon/usage-plans';
import { modelUsagePlan } from './contract';

describe('usage plans', () => {
  it.each(Object.entries(OPERATIONS))('%s uses the rate and burst stated in its official model', (name, info) => {
    expect(modelUsagePlan(info.model, name)).toEqual({ rate: info.rate, burst: info.burst });
  });
});
