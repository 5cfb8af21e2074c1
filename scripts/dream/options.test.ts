import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN, dreamCommandLine, parseDreamArgs } from './options.js';

const base = ['--name', 'demo', '--reference', 'lhco-rnd/a.npy', '--candidate', 'lhco-rnd/b.npy', '--columns', '1,2'];

describe('dream options', () => {
  it('fills defaults and keeps the mis-modelling seed only with a mis-modelling', () => {
    const o = parseDreamArgs(base);
    expect(o).toMatchObject({ ...DEFAULT_TRAIN, name: 'demo', columns: [1, 2], featureNames: ['c1', 'c2'], outDir: 'models' });
    expect(o.candidate.mismodelSeed).toBeUndefined();
    expect(parseDreamArgs([...base, '--candidate-mismodel', '1']).candidate).toMatchObject({ mismodel: 1, mismodelSeed: 1 });
  });

  it('writes a canonical command line that parses back to the same options', () => {
    const o = parseDreamArgs([
      ...base, '--reference-where', '5=0', '--reference-rows', '0:100', '--candidate-mismodel', '2',
      '--candidate-mismodel-seed', '9', '--feature-names', 'mj1,delta_mj', '--seed', '3', '--hidden', '8', '--out', 'tmp',
      '--provider', 'webgpu', '--steps-per-run', '4', '--threads', '2',
    ]);
    expect(o).toMatchObject({ provider: 'webgpu', stepsPerRun: 4, threads: 2 });
    const line = dreamCommandLine(o);
    expect(line).toMatch(/^npm run train -- dream --name demo /);
    expect(parseDreamArgs(line.split(' ').slice(5))).toEqual(o);
  });

  it('rejects bad names, counts and providers with a clear message', () => {
    expect(() => parseDreamArgs(base.slice(2))).toThrow(/missing --name/);
    expect(() => parseDreamArgs([...base.slice(2), '--name', 'Bad_Name'])).toThrow(/--name/);
    expect(() => parseDreamArgs([...base, '--feature-names', 'a'])).toThrow(/1 names for 2 columns/);
    expect(() => parseDreamArgs([...base, '--provider', 'tpu'])).toThrow(/--provider/);
    expect(() => parseDreamArgs([...base, '--epochs', '-1'])).toThrow(/--epochs/);
  });
});
