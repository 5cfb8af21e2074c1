/**
 * The standard test suite of a bijection, registered with vitest: round trip and cancelling
 * log-dets in float32 (with random parameters), identity at zero parameters, and the log-det
 * against a finite-difference Jacobian in float64.
 *
 * @example
 *   bijectionSuite('LU linear', (c) => new LULinear({ name: 'lu', features: 3, contextFeatures: c }), { features: 3 });
 */
import { describe, expect, it } from 'vitest';
import type { Bijection } from '../core.js';
import { logdetVsFiniteDifferences, roundTrip } from './checks.js';

export interface SuiteOptions {
  features: number;
  /** Context widths to test with (default [0]: unconditional only). */
  contexts?: number[];
  /** Whether zero parameters must give the identity (default true). */
  identityAtZero?: boolean;
  /** Round-trip tolerance (default 1e-4). */
  tolerance?: number;
  /**
   * Std of the random parameters (default 0.3): clearly non-linear maps (log-slopes down to about
   * −3.5) without driving spline slopes to their 1e-3 floor, where any float32 inverse loses
   * digits in proportion to 1/slope.
   */
  paramStd?: number;
  scale?: number;
}

export function bijectionSuite(label: string, make: (contextFeatures: number) => Bijection, o: SuiteOptions): void {
  describe(label, () => {
    for (const C of o.contexts ?? [0]) {
      const what = C > 0 ? `with a context of ${C}` : 'without context';
      it(`inverse(forward(x)) = x within ${o.tolerance ?? 1e-4} (float32) and the log-dets cancel, ${what}`, async () => {
        const r = await roundTrip(make(C), { features: o.features, contextFeatures: C, n: 128, paramStd: o.paramStd ?? 0.3, scale: o.scale });
        expect(r.maxError).toBeLessThan(o.tolerance ?? 1e-4);
        expect(r.maxLogdetSum).toBeLessThan(1e-4);
      });

      it(`log-det equals log |det| of the finite-difference Jacobian (float64), ${what}`, async () => {
        const { maxError } = await logdetVsFiniteDifferences(make(C), { features: o.features, contextFeatures: C, n: 5, paramStd: o.paramStd ?? 0.3, scale: o.scale });
        expect(maxError).toBeLessThan(1e-6);
      });
    }

    if (o.identityAtZero !== false) {
      it('zero parameters give the identity with log-det 0', async () => {
        const C = Math.max(...(o.contexts ?? [0]));
        const r = await roundTrip(make(C), { features: o.features, contextFeatures: C, n: 64, params: 'zero' });
        expect(Math.max(...Array.from(r.y, (v, i) => Math.abs(v - r.x[i])))).toBeLessThan(1e-5);
        expect(Math.max(...Array.from(r.logdetForward, Math.abs))).toBeLessThan(1e-5);
      });
    }
  });
}
