/**
 * Same seed, same batches, different execution configurations: the loss curves must agree.
 * On CPU (always): K steps per run (ONNX Loop) vs one step per run, 1 vs 2 intra-op threads, and
 * an unloadable GPU provider falling back to cpu. On webgpu, when asked for with
 * DREAMWATCH_WEBGPU=1 on a machine with a Vulkan adapter (a GPU, or Mesa's software lavapipe):
 * webgpu against cpu, with the state on the device and via the host. The GPU device check
 * (scripts/gpu/device-check.ts) makes the same comparison at full size on a real GPU.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { caloModel, caloWorkload, curveDifference, lossCurve } from '../bench/calo-workload.js';
import { Trainer } from '../engine/index.js';

// Calorimeter inputs (534 features) through a reduced DREAM network: seconds, not minutes.
const work = caloWorkload({ batches: 6, batch: 200, seed: 3 });
const model = caloModel([64, 64], 1e-3, work.features, 2);
const STEPS = 12;

describe('loss curves across execution configurations (same seed)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('K = 4 steps per run (Loop) matches one step per run', async () => {
    const single = await lossCurve(work, model, { provider: 'cpu' }, STEPS);
    const looped = await lossCurve(work, model, { provider: 'cpu', stepsPerRun: 4 }, STEPS);
    expect(looped.losses).toHaveLength(STEPS);
    expect(curveDifference(looped.losses, single.losses).maxAbs).toBeLessThan(1e-6);
    // The curve is a training curve, not a constant: the loss moves.
    expect(Math.abs(single.losses[STEPS - 1] - single.losses[0])).toBeGreaterThan(1e-3);
  });

  it('2 intra-op threads match 1 thread', async () => {
    const one = await lossCurve(work, model, { provider: 'cpu', threads: 1 }, STEPS);
    const two = await lossCurve(work, model, { provider: 'cpu', threads: 2, stepsPerRun: 3 }, STEPS);
    expect(curveDifference(two.losses, one.losses).maxAbs).toBeLessThan(1e-5);
  });

  it('an unloadable GPU provider falls back to cpu, says which and why, and trains the same curve', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const cpu = await lossCurve(work, model, { provider: 'cpu' }, 4);
    const cuda = await lossCurve(work, model, { provider: 'cuda', stepsPerRun: 2 }, 4);
    expect(cuda.provider).toBe('cpu');
    expect(cuda.deviceState).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/execution provider 'cuda' failed to load \(.+\); falling back to 'cpu'/));
    expect(curveDifference(cuda.losses, cpu.losses).maxAbs).toBeLessThan(1e-6);
  });

  it.skipIf(process.env.DREAMWATCH_WEBGPU !== '1')('webgpu matches cpu, with the state on the device or via the host', async () => {
    const cpu = await lossCurve(work, model, { provider: 'cpu' }, STEPS);
    const onDevice = await lossCurve(work, model, { provider: 'webgpu', stepsPerRun: 4 }, STEPS);
    const viaHost = await lossCurve(work, model, { provider: 'webgpu', deviceState: false }, STEPS);
    expect(onDevice.provider).toBe('webgpu');
    expect(onDevice.deviceState).toBe(true);
    expect(viaHost.deviceState).toBe(false);
    expect(curveDifference(onDevice.losses, cpu.losses).maxAbs).toBeLessThan(2e-3);
    expect(curveDifference(viaHost.losses, cpu.losses).maxAbs).toBeLessThan(2e-3);
  }, 300_000);

  it.skipIf(process.env.DREAMWATCH_WEBGPU !== '1')('keeps webgpu state on the device until asked for a host copy', async () => {
    const trainer = await Trainer.create(model.training, model.init, { provider: 'webgpu' });
    const cpu = await Trainer.create(model.training, model.init);
    await trainer.stepMany(work.batches.slice(0, 3));
    await cpu.stepMany(work.batches.slice(0, 3));
    expect(() => trainer.parameters()).toThrow(/syncToHost/);
    await trainer.syncToHost();
    const a = trainer.parameters();
    const b = cpu.parameters();
    for (const k of Object.keys(b)) b[k].forEach((v, i) => expect(Math.abs(a[k][i] - v)).toBeLessThan(1e-4));
    // A checkpoint round trip through the host continues on the device.
    trainer.restore(cpu.checkpoint());
    const [next] = await trainer.stepMany([work.batches[3]]);
    expect(Math.abs(next - (await cpu.step(work.batches[3])))).toBeLessThan(1e-4);
    await trainer.release();
    await cpu.release();
  }, 300_000);
});
