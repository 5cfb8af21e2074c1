/**
 * Everything a route needs from the outside world, built once per request from the bindings:
 * storage behind small interfaces, the model registry, and the configured limits.
 */
import type { Env } from './env.js';
import { bundledRegistry, type ModelRegistry } from './inference/registry.js';
import { D1MonitorStore, type MonitorStore } from './storage/monitors.js';
import { R2SampleStore, type SampleStore } from './storage/samples.js';
import { D1UploadStore, type UploadStore } from './storage/uploads.js';

export interface Limits {
  maxBodyBytes: number;
  maxRows: number;
  maxCols: number;
  /** Management bodies (JSON) are small. */
  maxJsonBytes: number;
}

export interface Services {
  registry: ModelRegistry;
  monitors: MonitorStore;
  uploads: UploadStore;
  samples: SampleStore;
  limits: Limits;
}

export function servicesFromEnv(env: Env): Services {
  return {
    registry: bundledRegistry(),
    monitors: new D1MonitorStore(env.DB),
    uploads: new D1UploadStore(env.DB),
    samples: new R2SampleStore(env.SAMPLES),
    limits: {
      maxBodyBytes: positiveInt(env.MAX_BODY_BYTES, 32 * 1024 * 1024),
      maxRows: positiveInt(env.MAX_ROWS, 200_000),
      maxCols: 1024,
      maxJsonBytes: 64 * 1024,
    },
  };
}

function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
