/**
 * AUC over time: one point per upload (oldest left), its 95% CI as a band and error bars, the
 * baseline AUC of the model card and the degradation thresholds as horizontal lines.
 *
 * @example
 *   <AucTrendChart id="auc-trend" points={[{ label: '2026-12-03 16:20 UTC', auc: 0.51, ci: [0.49, 0.53], degraded: false }]}
 *     baseline={0.547} thresholds={[{ value: 0.47, label: 'status threshold' }, { value: 0.53, label: 'status threshold' }]} />
 */
import type { FC } from 'hono/jsx';
import { fixed, withInterval } from '../format.js';
import { Axes, ChartSvg, COLORS, domainAttr } from './frame.js';
import { extent, linearScale, niceDomain, px, ticksBetween, tickStep } from './scale.js';

export interface AucPoint {
  /** When the upload arrived, as shown to people. */
  label: string;
  auc: number | null;
  ci: [number, number] | null;
  degraded: boolean;
}

export interface AucTrendProps {
  id: string;
  points: AucPoint[];
  baseline: number | null;
  /** Degradation thresholds in AUC, each drawn as a dashed line. */
  thresholds: { value: number; label: string }[];
}

const WIDTH = 720;
const HEIGHT = 300;
const MARGIN = { left: 62, right: 16, top: 14, bottom: 48 };

export const AucTrendChart: FC<AucTrendProps> = ({ id, points, baseline, thresholds }) => {
  const n = points.length;
  const values = points.flatMap((p) => [p.auc, p.ci?.[0], p.ci?.[1]]);
  const [lo, hi] = extent([...values, 0.5, ...thresholds.map((t) => t.value), baseline]) ?? [0.4, 0.6];
  const yAxis = niceDomain(lo - 0.01, hi + 0.01, 6);
  const x = linearScale([0.5, Math.max(n, 1) + 0.5], [MARGIN.left, WIDTH - MARGIN.right]);
  const y = linearScale(yAxis.domain, [HEIGHT - MARGIN.bottom, MARGIN.top]);
  const xStep = Math.max(1, tickStep(1, Math.max(n, 1), 10));
  const xTicks = ticksBetween(1, Math.max(n, 1), xStep);
  const withCi = points.map((p, i) => ({ ...p, i: i + 1 })).filter((p) => p.ci !== null);
  const band =
    withCi.length >= 2
      ? `M${withCi.map((p) => `${px(x(p.i))},${px(y(p.ci![1]))}`).join('L')}L${withCi
          .slice()
          .reverse()
          .map((p) => `${px(x(p.i))},${px(y(p.ci![0]))}`)
          .join('L')}Z`
      : null;
  const drawn = points.map((p, i) => ({ ...p, i: i + 1 })).filter((p) => p.auc !== null);
  const line = drawn.length >= 2 ? `M${drawn.map((p) => `${px(x(p.i))},${px(y(p.auc!))}`).join('L')}` : null;
  const hLine = (value: number, color: string, dash: string, cls: string) => (
    <line class={cls} x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={px(y(value))} y2={px(y(value))} stroke={color} stroke-width="1.5" stroke-dasharray={dash} />
  );
  return (
    <ChartSvg
      id={id}
      kind="auc-trend"
      width={WIDTH}
      height={HEIGHT}
      title="AUC of each upload against the reference, oldest first"
      description={
        n === 0
          ? 'No uploads yet.'
          : `${n} uploads; latest AUC ${withInterval(points[n - 1].auc, points[n - 1].ci)}; baseline ${fixed(baseline)}; ` +
            `thresholds ${thresholds.map((t) => fixed(t.value)).join(', ')}.`
      }
      data={{ points: drawn.length, 'x-domain': domainAttr(x.domain), 'y-domain': domainAttr(yAxis.domain) }}
    >
      <Axes x={x} y={y} xTicks={xTicks} yTicks={yAxis.ticks} yStep={yAxis.step} xFormat={(v) => String(v)} xLabel="upload (oldest → newest)" yLabel="AUC vs reference" />
      {band && <path class="ci-band" d={band} fill={COLORS.band} fill-opacity="0.16" stroke="none" />}
      {hLine(0.5, COLORS.axis, '2 3', 'chance')}
      {thresholds.map((t) => hLine(t.value, COLORS.threshold, '6 4', 'threshold'))}
      {baseline !== null && hLine(baseline, COLORS.baseline, '10 4 2 4', 'baseline')}
      {line && <path class="trend" d={line} fill="none" stroke={COLORS.upload} stroke-width="1.5" />}
      <g class="error-bars" stroke={COLORS.upload} stroke-width="1.2">
        {withCi.map((p) => (
          <line x1={px(x(p.i))} x2={px(x(p.i))} y1={px(y(p.ci![0]))} y2={px(y(p.ci![1]))} />
        ))}
      </g>
      <g class="points">
        {drawn.map((p) => (
          <circle
            class={p.degraded ? 'point degraded' : 'point'}
            cx={px(x(p.i))}
            cy={px(y(p.auc!))}
            r="4"
            fill={p.degraded ? COLORS.degraded : COLORS.upload}
            stroke="#fff"
            stroke-width="1"
            data-auc={p.auc!}
          >
            <title>{`#${p.i} · ${p.label} · AUC ${withInterval(p.auc, p.ci)}${p.degraded ? ' · degraded' : ''}`}</title>
          </circle>
        ))}
      </g>
    </ChartSvg>
  );
};
