/**
 * The model card of the served CURTAINS anomaly classifier (kind 'anomaly'), built from a finished
 * search. Input: raw mj1, delta_mj, tau21_j1, tau21_j2 (TeV for the masses); score = sigmoid of the
 * ensemble's mean logit, higher = more signal-like; grad = ∂(mean logit)/∂x.
 *
 * Reference scores for monitors: the model's scores of true signal-region background events that
 * no classifier trained or selected epochs on (labelled file, background events 15000–29999, SR
 * only). The card's `metrics.auc` is the no-anomaly baseline: held-back background events
 * 30000–39999 (SR) against that reference, ≈ 0.5; an upload with anomalous events scores higher.
 *
 * @example
 *   const card = curtainsCard(result, options, sha256Bytes(result.model.onnx), new Date());
 *   await writeModel('models', 'curtains-lhco', result.model.onnx, card);
 */
import { parseModelCard, type ModelCard } from '../../src/model-card.js';
import { unitOf } from '../data/lhco.js';
import { roundSignificant } from '../dream/ranking.js';
import { curtainsCommandLine, type CurtainsOptions } from './options.js';
import type { CurtainsResult } from './search.js';
import { describeWindow } from './window.js';

export function curtainsCard(r: CurtainsResult, o: CurtainsOptions, onnxSha256: string, created: Date): ModelCard {
  const s = (v: number) => roundSignificant(v);
  const method = (name: string) => r.methods.find((m) => m.name === name);
  const fom = (name: string) => {
    const m = method(name);
    if (!m) return undefined;
    return {
      max_sic: m.maxSic ? s(m.maxSic.sic) : null,
      max_sic_eff_s: m.maxSic ? s(m.maxSic.effS) : null,
      rejection_at_eff_s_0_2: Number.isFinite(m.rejection.effS020) ? s(m.rejection.effS020) : null,
      rejection_at_eff_s_0_5: Number.isFinite(m.rejection.effS050) ? s(m.rejection.effS050) : null,
      auc_signal_vs_background: s(m.evalAuc.auc),
    };
  };
  const check = (c: { auc: number; ci: [number, number] }) => ({ auc: s(c.auc), auc_ci: [s(c.ci[0]), s(c.ci[1])] });
  const card = {
    id: o.modelName,
    kind: 'anomaly' as const,
    description:
      `CURTAINS anomaly score for the LHCO R&D dijet search, window ${describeWindow(o.window)} TeV in mjj: ` +
      `a ${r.model.members}-member ensemble (k-fold × best epochs) of classifiers trained on signal-region data vs a ` +
      `background template made by transporting sideband events into the signal region. Score higher = more signal-like.`,
    created: created.toISOString(),
    features: o.featureNames.map((name, j) => ({ name, column: o.featureColumns[j], unit: unitOf(name) })),
    onnx: { file: `${o.modelName}.onnx`, sha256: onnxSha256, input: 'x', score_output: 'score', gradient_output: 'grad', opset: 17 },
    preprocessing: { kind: 'standardise', folded_into_graph: true, mean: r.model.mean.map(s), std: r.model.std.map(s) },
    training: {
      seed: o.seed,
      method: 'curtains',
      window: o.window,
      transport: {
        loss: o.transport.loss,
        coupling: o.transport.coupling,
        layers: o.transport.layers,
        hidden: o.transport.hidden,
        steps: o.transport.steps,
        best_step: r.transport.bestStep,
        batch: o.transport.batch,
        lr: o.transport.lr,
        conditioning: 'f(x; m_from, m_to) = g⁻¹(g(x; m_from); m_to), g a conditional flow on standardised features',
      },
      template: { events: r.counts.templateEvents, oversample: o.oversample, target_masses: `sideband fit, log-polynomial degree ${o.spectrumDegree}` },
      classifier: {
        architecture: { kind: 'mlp', layers: [o.featureColumns.length, ...o.cwola.hidden, 1], activation: 'leaky_relu' },
        folds: o.cwola.folds,
        keep_best_epochs: o.cwola.keepBest,
        epochs: o.cwola.epochs,
        batch: o.cwola.batch,
        lr: o.cwola.lr,
        members: r.model.members,
        ensemble: 'mean logit',
        class_weights: 'template weighted to the data total',
      },
      wall_time_s: Math.round(r.seconds),
    },
    metrics: {
      auc: s(r.model.baseline.auc),
      auc_ci: [s(r.model.baseline.ci[0]), s(r.model.baseline.ci[1])] as [number, number],
      auc_se: s(r.model.baseline.se),
      auc_meaning: 'held-back true SR background (labelled background events 30000–39999) vs the reference scores: the no-anomaly baseline',
      curtains: fom('curtains'),
      idealised: fom('idealised'),
      supervised: fom('supervised'),
      template_vs_true_background: check(r.template.vsTrueBackground),
      closure_sb1_to_sb2: check(r.closure.sb1ToSb2),
      closure_sb2_to_sb1: check(r.closure.sb2ToSb1),
      bump_hunt: r.bump.curtains.map((b) => ({
        data_efficiency: b.dataEfficiency,
        observed: b.observed,
        expected: s(b.expected),
        sigma: s(b.sigma),
        significance: s(b.significance),
      })),
      evaluation:
        'all SR signal and SR background events of the labelled file, each scored out of fold (background 30000–39999 is held back from training and only scored)',
    },
    reference: {
      description:
        `Scores of ${r.model.referenceScores.length} true background events in the signal region ` +
        `(${r.files.labelled.path}, background events 15000–29999 with ${o.window.sr.lo} ≤ mjj < ${o.window.sr.hi}), never trained on.`,
      scores: Array.from(r.model.referenceScores, s),
      histograms: r.model.referenceHistograms,
    },
    provenance: {
      command: curtainsCommandLine(o),
      files: { data: r.files.data, labelled: r.files.labelled },
      node: process.version,
    },
  };
  return parseModelCard(JSON.parse(JSON.stringify(card)));
}
