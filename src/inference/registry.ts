/**
 * The model registry: model cards and ONNX bytes by id, and the inference sessions of each model,
 * one per set of outputs asked for, per isolate (created on first use — the first request to a
 * model pays ~0.4 s, later ones reuse it).
 *
 * @example
 *   const model = registry.get('lhco-dream');      // throws 404 ApiError if unknown
 *   const session = await registry.session(model, ['score']);   // the graph without the gradients
 */
import { bundledModels, type BundledModel } from '../../models/index.js';
import { ApiError } from '../http/errors.js';
import { parseModelCard, type ModelCard } from '../model-card.js';
import type { ort } from './ort.js';
import { createSession } from './ort.js';
import { pruneToOutputs } from './prune.js';

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

  /**
   * A session of the model; with `outputs`, of its graph pruned to what those outputs need
   * (onnxruntime computes every node whatever a run fetches: scores alone would otherwise pay for
   * the input gradients too). Outputs that are all of the model's share the full model's session,
   * and so does a pruned graph that cannot be built or loaded: pruning only ever saves time.
   */
  session(model: Model, outputs?: readonly string[]): Promise<ort.InferenceSession> {
    const id = model.card.id;
    const key = outputs ? `${id}|${outputs.join(',')}` : id;
    let session = this.sessions.get(key);
    if (!session) {
      session = outputs ? this.prunedSession(model, outputs) : createSession(model.onnx);
      // A failed creation is not cached, so the next request retries.
      session.catch(() => this.sessions.delete(key));
      this.sessions.set(key, session);
    }
    return session;
  }

  private async prunedSession(model: Model, outputs: readonly string[]): Promise<ort.InferenceSession> {
    const full = new Uint8Array(model.onnx);
    let pruned: Uint8Array;
    try {
      pruned = pruneToOutputs(full, outputs);
    } catch (error) {
      console.warn(`model ${model.card.id}: not pruned to ${outputs.join(', ')} (${String(error)}); using the full graph`);
      return this.session(model);
    }
    if (pruned === full) return this.session(model);
    try {
      return await createSession(pruned);
    } catch (error) {
      console.warn(`model ${model.card.id}: the graph pruned to ${outputs.join(', ')} did not load (${String(error)}); using the full graph`);
      return this.session(model);
    }
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
