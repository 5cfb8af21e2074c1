import { describe, expect, it } from 'vitest';
import { curtainsCommandLine, DEFAULT_CURTAINS, parseCurtainsArgs } from './options.js';

describe('curtains options', () => {
  it('defaults describe the LHCO mini-window search', () => {
    const o = parseCurtainsArgs([]);
    expect(o.window).toEqual({ sb1: { lo: 3.3, hi: 3.4 }, sr: { lo: 3.4, hi: 3.6 }, sb2: { lo: 3.6, hi: 3.7 } });
    expect(o.featureNames).toEqual(['mj1', 'delta_mj', 'tau21_j1', 'tau21_j2']);
    expect(o.transport.seed).toBe(o.seed);
    expect(o.cwola.seed).toBe(o.seed);
    expect(o.exportModel).toBe(false);
    expect(o.outDir).toBe(DEFAULT_CURTAINS.outDir);
  });

  it('the canonical command line parses back to the same settings', () => {
    const argv = ['--window', '3.3,3.42,3.58,3.7', '--outer', ',3.8', '--loss', 'sliced-wasserstein', '--coupling', 'affine', '--seed', '4', '--no-baselines', '--export', '--fraction', '0.5'];
    const o = parseCurtainsArgs(argv);
    const line = curtainsCommandLine(o);
    expect(line).toMatch(/^npm run curtains -- /);
    const again = parseCurtainsArgs(line.replace(/^npm run curtains -- /, '').split(' '));
    expect({ ...again, outDir: o.outDir }).toEqual(o);
    expect(again.window.ob2).toEqual({ lo: 3.7, hi: 3.8 });
    expect(again.transport.loss).toBe('sliced-wasserstein');
  });

  it('refuses bad values with the usage', () => {
    expect(() => parseCurtainsArgs(['--loss', 'sinkhorn'])).toThrow(/--loss/);
    expect(() => parseCurtainsArgs(['--folds', '2'])).toThrow(/--folds/);
    expect(() => parseCurtainsArgs(['--fraction', '0'])).toThrow(/usage/);
    expect(() => parseCurtainsArgs(['--name', 'Bad Name'])).toThrow(/--name/);
    expect(() => parseCurtainsArgs(['--window', '3.3,3.4'])).toThrow(/four edges/);
    expect(() => parseCurtainsArgs(['--bogus'])).toThrow();
  });
});
