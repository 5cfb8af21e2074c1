import { describe, expect, it } from 'vitest';
import { fixed, pValue, tickLabel, utcMinute, withInterval } from '../../src/pages/format.js';
import { extent, linearScale, niceDomain, ticksBetween, tickStep } from '../../src/pages/charts/scale.js';

describe('chart scales', () => {
  it('maps a domain onto pixels, reversed ranges included', () => {
    const y = linearScale([0, 1], [200, 0]);
    expect([y(0), y(0.25), y(1)]).toEqual([200, 150, 0]);
  });

  it('picks 1-2-5 tick steps', () => {
    expect(tickStep(0, 1, 5)).toBe(0.2);
    expect(tickStep(0.4, 0.6, 4)).toBe(0.05);
    expect(tickStep(0, 2000, 4)).toBe(500);
  });

  it('widens a domain to whole ticks that cover it', () => {
    const { domain, ticks, step } = niceDomain(0.47, 0.58, 5);
    expect(step).toBe(0.02);
    expect(domain).toEqual([0.46, 0.58]);
    expect(ticks).toEqual([0.46, 0.48, 0.5, 0.52, 0.54, 0.56, 0.58]);
    expect(niceDomain(3, 3).domain[0]).toBeLessThan(3);
    expect(ticksBetween(0, 1, 0.25)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(extent([null, 2, NaN, -1, undefined])).toEqual([-1, 2]);
    expect(extent([])).toBeNull();
  });
});

describe('page number formats', () => {
  it('formats values, intervals, p-values, ticks and times', () => {
    expect(fixed(0.512345)).toBe('0.512');
    expect(fixed(-3e-8, 4)).toBe('0.0000');
    expect(fixed(null)).toBe('—');
    expect(withInterval(0.5123, [0.4987, 0.5259])).toBe('0.512 [0.499, 0.526]');
    expect([pValue(0.0312), pValue(2.5e-10), pValue(0)]).toEqual(['0.031', '2.5e-10', '< 1e-300']);
    expect([tickLabel(0.5, 0.05), tickLabel(2000, 500), tickLabel(-0, 0.1)]).toEqual(['0.50', '2000', '0.0']);
    expect(utcMinute('2026-12-03T16:20:31.123Z')).toBe('2026-12-03 16:20 UTC');
  });
});
