import { describe, expect, it } from 'vitest';
import { bijectionSuite } from '../testing/bijection-suite.js';
import { roundTrip } from '../testing/checks.js';
import { Standardize } from './standardize.js';

const make = () => new Standardize({ name: 'pre', features: 2, mean: [0.1, -3], std: [0.05, 4] });

bijectionSuite('standardize', make, { features: 2, identityAtZero: false });

describe('standardize', () => {
  it('maps (x − mean)/std with log-det −Σ log std', async () => {
    const r = await roundTrip(make(), { features: 2, n: 4 });
    expect(r.y[0]).toBeCloseTo((r.x[0] - 0.1) / 0.05, 3);
    expect(r.y[1]).toBeCloseTo((r.x[1] + 3) / 4, 5);
    expect(r.logdetForward[0]).toBeCloseTo(-Math.log(0.05) - Math.log(4), 5);
    expect(() => new Standardize({ name: 'bad', features: 1, mean: [0], std: [0] })).toThrow(/positive/);
  });
});
