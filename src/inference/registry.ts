/**
 * The model registry: model cards and ONNX bytes by id, and one inference session per model per
 * isolate (created on first use — the first request to a model pays ~0.4 s, later ones reuse it).
 *
 * @example
 *   const model = registry.get('lhco-dream');      // throws 404 ApiError if unknown
 *   const session = await registry.session(model);
 */
import { bundledModels, type BundledModel } from '../../models/index.js';
import { ApiError } from '../http/errors.js';
import { parseModelCard, type ModelCard } from '../model-card.js';
import type { ort } from './ort.js';
import { createSession } from './ort.js';

export interface Model {
  card: ModelCard;
  onnx: ArrayBuffer;
}

export class ModelRegistry {
  private readonly models = new Map<string, Model>();
  private readonly sessions = new Map<string, Promise<ort.InferenceSession>>();

  constructor(entries: BundledModel[]) {
    for (const entry of entries) {
      const card = parseModelCard(entry.card);
      if (this.models.has(card.id)) throw new Error(`duplicate model id ${card.id}`);
      this.models.set(card.id, { card, onnx: entry.onnx });
    }
  }

  list(): Model[] {
    return [...this.models.values()];
  }

  has(id: string): boolean {
    return this.models.has(id);
  }

  get(id: string): Model {
    const model = this.models.get(id);
    if (!model) throw new ApiError(404, 'model_not_found', `no model with id "${truncate(id)}"`);
    return model;
  }

  session(model: Model): Promise<ort.InferenceSession> {
    let session = this.sessions.get(model.card.id);
    if (!session) {
      session = createSession(model.onnx);
      // A failed creation is not cached, so the next request retries.
      session.catch(() => this.sessions.delete(model.card.id));
      this.sessions.set(model.card.id, session);
    }
    return session;
  }
}

let shared: ModelRegistry | undefined;

/** The registry of the models bundled with this Worker, built once per isolate. */
export function bundledRegistry(): ModelRegistry {
  shared ??= new ModelRegistry(bundledModels);
  return shared;
}

function truncate(s: string): string {
  return s.length > 64 ? `${s.slice(0, 64)}…` : s;
}
