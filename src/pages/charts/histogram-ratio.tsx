/**
 * Reference vs upload for one feature in the standard HEP layout: the reference as a filled step
 * histogram and the upload as points with Poisson error bars, both normalised to unit area so
 * batches of any size compare; underneath, the ratio upload / reference per bin around 1.
 * The bins are the reference histogram's (quantile edges from the model card), so each holds a
 * similar share of the reference and the ratio's error bars are comparable across the range.
 *
 * @example
 *   <HistogramRatioChart id="h-mj1" label="mj1 [TeV]" edges={[0, 0.1, 0.2]} reference={[1500, 1500]} upload={[2400, 2600]} />
 */
import type { FC } from 'hono/jsx';
import { Axes, ChartSvg, COLORS, domainAttr } from './frame.js';
import { extent, linearScale, niceDomain, px, ticksBetween, tickStep } from './scale.js';

export interface HistogramRatioProps {
  id: string;
  /** Feature name with its unit, e.g. "mj1 [TeV]". */
  label: string;
  edges: number[];
  reference: number[];
  upload: number[];
}

const WIDTH = 420;
const MAIN = 190;
const GAP = 14;
const RATIO = 84;
const MARGIN = { left: 62, right: 12, top: 10, bottom: 44 };
/** Ratios are drawn within these bounds; points beyond are pinned to the edge as open triangles. */
const RATIO_LIMITS: [number, number] = [0, 3];

interface Bin {
  lo: number;
  hi: number;
  reference: number;
  upload: number;
  uploadError: number;
  ratio: number | null;
  ratioError: number;
}

/** Unit-area densities, their Poisson errors and the per-bin ratio. */
export function ratioBins(edges: number[], reference: number[], upload: number[]): Bin[] {
  const nReference = reference.reduce((a, b) => a + b, 0) || 1;
  const nUpload = upload.reduce((a, b) => a + b, 0) || 1;
  return reference.map((count, k) => {
    const width = edges[k + 1] - edges[k];
    const ref = count / (nReference * width);
    const up = (upload[k] ?? 0) / (nUpload * width);
    const upErr = Math.sqrt(upload[k] ?? 0) / (nUpload * width);
    return {
      lo: edges[k],
      hi: edges[k + 1],
      reference: ref,
      upload: up,
      uploadError: upErr,
      ratio: ref > 0 ? up / ref : null,
      ratioError: ref > 0 ? upErr / ref : 0,
    };
  });
}

export const HistogramRatioChart: FC<HistogramRatioProps> = ({ id, label, edges, reference, upload }) => {
  const bins = ratioBins(edges, reference, upload);
  const height = MARGIN.top + MAIN + GAP + RATIO + MARGIN.bottom;
  const xDomain: [number, number] = [edges[0], edges[edges.length - 1]];
  const x = linearScale(xDomain, [MARGIN.left, WIDTH - MARGIN.right]);
  const xStep = tickStep(xDomain[0], xDomain[1], 5);
  const xTicks = ticksBetween(xDomain[0], xDomain[1], xStep);
  const top = extent(bins.flatMap((b) => [b.reference, b.upload + b.uploadError]))?.[1] ?? 1;
  const yAxis = niceDomain(0, top * 1.05, 4);
  const y = linearScale(yAxis.domain, [MARGIN.top + MAIN, MARGIN.top]);
  const ratios = bins.flatMap((b) => (b.ratio === null ? [] : [b.ratio - b.ratioError, b.ratio + b.ratioError]));
  const [rLo, rHi] = extent([...ratios, 0.8, 1.2]) ?? [0.8, 1.2];
  const rAxis = niceDomain(Math.max(RATIO_LIMITS[0], rLo), Math.min(RATIO_LIMITS[1], rHi), 3);
  const ratioTop = MARGIN.top + MAIN + GAP;
  const r = linearScale(rAxis.domain, [ratioTop + RATIO, ratioTop]);
  const clampRatio = (v: number) => Math.min(rAxis.domain[1], Math.max(rAxis.domain[0], v));
  const step = `M${px(x(bins[0]?.lo ?? 0))},${px(y(0))}${bins.map((b) => `V${px(y(b.reference))}H${px(x(b.hi))}`).join('')}V${px(y(0))}Z`;
  const nUpload = upload.reduce((a, b) => a + b, 0);
  return (
    <ChartSvg
      id={id}
      kind="histogram-ratio"
      width={WIDTH}
      height={height}
      title={`${label}: reference vs latest upload, with the ratio upload / reference`}
      description={`${bins.length} bins from ${xDomain[0]} to ${xDomain[1]}; ${nUpload} upload events; ratios from ${rLo.toFixed(2)} to ${rHi.toFixed(2)}.`}
      data={{ bins: bins.length, 'x-domain': domainAttr(xDomain), 'y-domain': domainAttr(yAxis.domain), 'ratio-domain': domainAttr(rAxis.domain) }}
    >
      <Axes x={x} y={y} xTicks={xTicks} xStep={xStep} yTicks={yAxis.ticks} yStep={yAxis.step} yLabel="density" hideXTickLabels />
      <path class="reference" d={step} fill={COLORS.referenceFill} stroke={COLORS.reference} stroke-width="1.2" />
      <g class="upload" stroke={COLORS.upload} stroke-width="1.2" fill={COLORS.upload}>
        {bins.map((b) => {
          const cx = px(x((b.lo + b.hi) / 2));
          return (
            <g>
              <line x1={cx} x2={cx} y1={px(y(Math.max(0, b.upload - b.uploadError)))} y2={px(y(b.upload + b.uploadError))} />
              <circle class="point" cx={cx} cy={px(y(b.upload))} r="2.6" stroke="none" />
            </g>
          );
        })}
      </g>
      <Axes x={x} y={r} xTicks={xTicks} xStep={xStep} yTicks={rAxis.ticks} yStep={rAxis.step} xLabel={label} yLabel="ratio" />
      <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={px(r(1))} y2={px(r(1))} stroke={COLORS.reference} stroke-width="1" stroke-dasharray="4 3" />
      <g class="ratio" stroke={COLORS.upload} stroke-width="1.2" fill={COLORS.upload}>
        {bins.map((b) => {
          if (b.ratio === null) return null;
          const cx = px(x((b.lo + b.hi) / 2));
          const inside = b.ratio >= rAxis.domain[0] && b.ratio <= rAxis.domain[1];
          if (!inside) {
            const atTop = b.ratio > rAxis.domain[1];
            // A triangle pointing out of the panel, its tip on the edge the ratio lies beyond.
            const tip = px(r(atTop ? rAxis.domain[1] : rAxis.domain[0]));
            const base = atTop ? tip + 7 : tip - 7;
            return <path class="ratio-point out-of-range" d={`M${cx},${tip}L${px(cx - 4)},${base}L${px(cx + 4)},${base}Z`} fill="none" data-ratio={Number(b.ratio.toPrecision(4))} />;
          }
          return (
            <g>
              <line x1={cx} x2={cx} y1={px(r(clampRatio(b.ratio - b.ratioError)))} y2={px(r(clampRatio(b.ratio + b.ratioError)))} />
              <circle class="ratio-point" cx={cx} cy={px(r(b.ratio))} r="2.6" stroke="none" data-ratio={Number(b.ratio.toPrecision(4))} />
            </g>
          );
        })}
      </g>
    </ChartSvg>
  );
};
