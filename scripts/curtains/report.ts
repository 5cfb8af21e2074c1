/**
 * The search's outputs: the result table (Markdown, printed and saved), the figures as SVG files
 * (SIC curves, background rejection, template vs signal-region histograms with ratio panels, the
 * sideband mass fit) and a JSON summary of every number, all in one output folder.
 *
 * @example
 *   const files = await writeReport(result, options, 'out/curtains');
 *   console.log(resultTable(result));
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Matrix } from '../../src/formats/matrix.js';
import { histogramCounts } from '../../src/stats/histogram.js';
import { curtainsCommandLine, type CurtainsOptions } from './options.js';
import type { CurtainsResult, DreamCheck } from './search.js';
import { Panel, PALETTE, svgDocument } from './svg.js';
import { describeWindow } from './window.js';

const f3 = (v: number) => v.toFixed(3);
const SHORT = { curtains: 'CURTAINS', idealised: 'Idealised AD', supervised: 'Supervised' } as const;
const ci = (c: DreamCheck | { auc: number; ci: [number, number] }) => `${f3(c.auc)} [${f3(c.ci[0])}, ${f3(c.ci[1])}]`;

/** The headline table: one column per method. */
export function resultTable(r: CurtainsResult): string {
  const cols = r.methods;
  const head = `| | ${cols.map((m) => SHORT[m.name]).join(' | ')} |`;
  const sep = `|---|${cols.map(() => '---').join('|')}|`;
  const row = (label: string, cell: (m: CurtainsResult['methods'][number]) => string) => `| ${label} | ${cols.map(cell).join(' | ')} |`;
  return [
    head,
    sep,
    row('max SIC (background rel. unc. < 20 %)', (m) => (m.maxSic ? m.maxSic.sic.toFixed(2) : '—')),
    row('  at ε_S', (m) => (m.maxSic ? m.maxSic.effS.toFixed(3) : '—')),
    row('background rejection 1/ε_B at ε_S = 0.2', (m) => fmtRejection(m.rejection.effS020)),
    row('background rejection 1/ε_B at ε_S = 0.5', (m) => fmtRejection(m.rejection.effS050)),
    row('AUC signal vs background [95 % CI]', (m) => ci(m.evalAuc)),
    row('classifier task AUC (out of fold)', (m) => f3(m.trainingAuc)),
  ].join('\n');
}

/** Validation and bump-hunt lines under the table. */
export function validationLines(r: CurtainsResult): string {
  const lines = [
    `Template vs true SR background (DREAM AUC, 0.5 = indistinguishable): ${ci(r.template.vsTrueBackground)}; sideband events without the transport: ${ci(r.template.untransportedVsTrueBackground)}`,
    `Closure on held-out sidebands: SB1→SB2 ${ci(r.closure.sb1ToSb2)}, SB2→SB1 ${ci(r.closure.sb2ToSb1)}; SB1 vs SB2 untransported ${ci(r.closure.identity)}`,
    ...r.closure.outer.map((o) => `Extrapolation into ${o.band.toUpperCase()}: ${ci(o.check)}`),
    `Sideband fit (log-polynomial degree ${r.spectrum.degree}, χ²/ndf ${r.spectrum.chi2.toFixed(1)}/${r.spectrum.ndf}): SR background ${r.spectrum.expectedSr.toFixed(0)} ± ${r.spectrum.sigmaSr.toFixed(0)}, observed ${r.spectrum.observedSr} (truth: ${r.spectrum.trueBackgroundSr} background + ${r.counts.signalInSr} signal)`,
    '',
    '| cut: SR data kept | observed | expected background (fit × template) | Z | truth: signal / background passing |',
    '|---|---|---|---|---|',
    ...r.bump.curtains.map(
      (b) => `| ${(b.dataEfficiency * 100).toFixed(1)} % | ${b.observed} | ${b.expected.toFixed(1)} ± ${b.sigma.toFixed(1)} | ${b.significance.toFixed(2)} | ${b.trueSignal} / ${b.trueBackground} |`,
    ),
  ];
  return lines.join('\n');
}

/** Writes report.md, summary.json and the SVG figures; returns the paths written. */
export async function writeReport(r: CurtainsResult, o: CurtainsOptions, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: [string, string][] = [
    ['sic.svg', sicFigure(r)],
    ['rejection.svg', rejectionFigure(r)],
    ['template_vs_sr.svg', templateFigure(r, o.featureNames)],
    ['mass_fit.svg', massFigure(r, o.window)],
    ['report.md', `# CURTAINS search\n\n\`${curtainsCommandLine(o)}\`\n\nWindow: ${describeWindow(o.window)}\n\n${resultTable(r)}\n\n${validationLines(r)}\n`],
    ['summary.json', `${JSON.stringify(summary(r, o), null, 2)}\n`],
  ];
  for (const [name, text] of files) await writeFile(join(dir, name), text);
  return files.map(([name]) => join(dir, name));
}

/** Every number of the run (no event arrays). */
export function summary(r: CurtainsResult, o: CurtainsOptions): Record<string, unknown> {
  return {
    command: curtainsCommandLine(o),
    window: o.window,
    counts: r.counts,
    spectrum: r.spectrum,
    transport: { best_step: r.transport.bestStep, seconds: r.transport.seconds, history: r.transport.history },
    closure: r.closure,
    template: r.template,
    methods: r.methods.map((m) => ({
      name: m.name,
      eval_auc: m.evalAuc,
      max_sic: m.maxSic,
      rejection_at_effS_0_2: m.rejection.effS020,
      rejection_at_effS_0_5: m.rejection.effS050,
      training_auc: m.trainingAuc,
      members: m.members,
      seconds: m.seconds,
      kept_epochs: m.history.map((h) => h.kept),
    })),
    bump_hunt: r.bump,
    model: { members: r.model.members, baseline: r.model.baseline, signal_auc: r.model.signalAuc },
    seconds: r.seconds,
  };
}

function fmtRejection(v: number): string {
  return Number.isFinite(v) ? v.toFixed(1) : '∞';
}

function sicFigure(r: CurtainsResult): string {
  const top = Math.max(2, ...r.methods.map((m) => Math.max(...m.curve.sic.filter((_, k) => m.curve.nB[k] >= 25)))) * 1.15;
  const shown = r.methods.flatMap((m) => m.curve.effS.filter((_, k) => m.curve.nB[k] >= 25));
  const xMin = Math.min(0.1, 10 ** Math.floor(Math.log10(Math.max(1e-4, Math.min(...shown)))));
  const p = new Panel({ x: 60, y: 30, width: 480, height: 320 }, { x: [xMin, 1], logX: true, y: [0, top] });
  const random = Array.from({ length: 61 }, (_, i) => xMin ** (1 - i / 60));
  p.line(random, random.map(Math.sqrt), { color: PALETTE[3], dash: '4,3', label: 'random cut (√ε_S)' });
  r.methods.forEach((m, i) => {
    // Only where the background count keeps the SIC meaningful (≥ 25 events, < 20 % uncertainty).
    const keep = m.curve.effS.map((_, k) => m.curve.nB[k] >= 25);
    p.line(m.curve.effS.filter((_, k) => keep[k]), m.curve.sic.filter((_, k) => keep[k]), { color: PALETTE[i], label: SHORT[m.name] });
    if (m.maxSic) p.points([m.maxSic.effS], [m.maxSic.sic], undefined, { color: PALETTE[i] });
  });
  p.hline(1, { color: '#bbb' });
  return svgDocument(600, 400, [p.render({ xLabel: 'signal efficiency ε_S', yLabel: 'SIC = ε_S / √ε_B', title: 'Significance improvement (labelled evaluation set, N_B ≥ 25)', legend: 'top-left' })]);
}

function rejectionFigure(r: CurtainsResult): string {
  const top = 10 ** Math.ceil(Math.log10(Math.max(10, ...r.methods.map((m) => 1 / Math.max(1e-6, m.curve.effB.find((e) => e > 0) ?? 1)))));
  const p = new Panel({ x: 60, y: 30, width: 480, height: 320 }, { x: [0, 1], y: [1, top], logY: true });
  const xs = Array.from({ length: 101 }, (_, i) => Math.max(1e-3, i / 100));
  p.line(xs, xs.map((x) => 1 / x), { color: PALETTE[3], dash: '4,3', label: 'random cut' });
  r.methods.forEach((m, i) => {
    const keep = m.curve.effB.map((e) => e > 0);
    p.line(m.curve.effS.filter((_, k) => keep[k]), m.curve.effB.filter((_, k) => keep[k]).map((e) => 1 / e), { color: PALETTE[i], label: SHORT[m.name] });
  });
  return svgDocument(600, 400, [p.render({ xLabel: 'signal efficiency ε_S', yLabel: 'background rejection 1/ε_B', title: 'Background rejection (labelled evaluation set)', legend: 'top-right' })]);
}

/** Per feature: normalised histograms (template, true SR background, SR data, raw sidebands) and template / truth. */
function templateFigure(r: CurtainsResult, names: string[]): string {
  const parts: string[] = [];
  const W = 300;
  names.forEach((name, j) => {
    const col = (m: Matrix) => Float64Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]);
    const truth = col(r.samples.trueBackground);
    const sorted = Float64Array.from(truth).sort();
    const lo = sorted[Math.floor(0.001 * sorted.length)];
    const hi = sorted[Math.floor(0.995 * (sorted.length - 1))];
    const bins = 30;
    const edges = Float64Array.from({ length: bins + 1 }, (_, k) => lo + ((hi - lo) * k) / bins);
    const density = (values: Float64Array) => {
      const c = histogramCounts(values, edges);
      const total = values.length;
      return { d: Array.from(c, (v) => v / total / ((hi - lo) / bins)), e: Array.from(c, (v) => Math.sqrt(v) / total / ((hi - lo) / bins)) };
    };
    const t = density(col(r.samples.template));
    const b = density(truth);
    const d = density(col(r.samples.srData));
    const s = density(col(r.samples.sidebands));
    const x0 = 60 + j * (W + 70);
    const yMax = Math.max(...t.d, ...b.d, ...d.d) * 1.2;
    const main = new Panel({ x: x0, y: 30, width: W, height: 220 }, { x: [lo, hi], y: [0, yMax] });
    main.steps(edges, s.d, { color: PALETTE[3], dash: '3,2', label: 'sidebands, not transported' });
    main.steps(edges, t.d, { color: PALETTE[0], label: 'CURTAINS template' });
    main.steps(edges, d.d, { color: PALETTE[2], label: 'SR data' });
    main.points(centres(edges), b.d, b.e, { color: '#000', label: 'true SR background' });
    parts.push(main.render({ yLabel: 'density', title: name, legend: j === 0 ? 'top-right' : 'none', xTicks: false }));
    const ratio = new Panel({ x: x0, y: 260, width: W, height: 90 }, { x: [lo, hi], y: [0.7, 1.3] });
    ratio.hline(1, { color: '#999' });
    const rs = t.d.map((v, k) => (b.d[k] > 0 ? v / b.d[k] : NaN));
    const re = t.d.map((v, k) => (b.d[k] > 0 && v > 0 ? (v / b.d[k]) * Math.hypot(b.e[k] / b.d[k], t.e[k] / v) : 0));
    ratio.points(centres(edges), rs, re, { color: PALETTE[0] });
    parts.push(ratio.render({ xLabel: `${name}${name.startsWith('tau') ? '' : ' [TeV]'}`, yLabel: 'template / truth' }));
  });
  return svgDocument(60 + names.length * (W + 70), 400, parts);
}

function massFigure(r: CurtainsResult, window: CurtainsOptions['window']): string {
  const s = r.spectrum;
  const { edges, counts, fitted } = s.histogram;
  const p = new Panel({ x: 70, y: 30, width: 480, height: 300 }, { x: [edges[0], edges[edges.length - 1]], y: [0, Math.max(...counts) * 1.25] });
  p.band(window.sr.lo, window.sr.hi, 'rgba(214,39,40,0.08)');
  p.steps(edges, fitted, { color: PALETTE[1], label: `sideband fit (degree ${s.degree}), interpolated into the SR` });
  p.points(centres(Float64Array.from(edges)), counts, counts.map(Math.sqrt), { color: '#000', label: 'data' });
  p.text(window.sr.lo + 0.003, Math.max(...counts) * 0.15, `SR: fit ${s.expectedSr.toFixed(0)} ± ${s.sigmaSr.toFixed(0)}, observed ${s.observedSr}`);
  return svgDocument(600, 380, [p.render({ xLabel: 'mjj', yLabel: 'events per bin', title: `Sideband mass fit (χ²/ndf ${s.chi2.toFixed(1)}/${s.ndf})`, legend: 'top-right' })]);
}

function centres(edges: Float64Array): number[] {
  return Array.from({ length: edges.length - 1 }, (_, k) => (edges[k] + edges[k + 1]) / 2);
}
