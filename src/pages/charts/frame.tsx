/**
 * The parts every chart shares: the accessible <svg> wrapper (title + description for screen
 * readers, data-* attributes stating what is drawn, which the browser tests read back) and the
 * axes with ticks, grid lines and labels.
 *
 * @example
 *   <ChartSvg id="roc" kind="roc" width={360} height={340} title="ROC" description="…" data={{ points: 101 }}>
 *     <Axes x={x} y={y} xTicks={[0, 0.5, 1]} yTicks={[0, 0.5, 1]} xLabel="FPR" yLabel="TPR" />
 *   </ChartSvg>
 */
import type { Child, FC } from 'hono/jsx';
import { tickLabel } from '../format.js';
import { px, type LinearScale } from './scale.js';

export const COLORS = {
  ink: '#1b1b1b',
  axis: '#444',
  grid: '#e3e3e3',
  reference: '#5b6573',
  referenceFill: '#d9dee5',
  upload: '#1f5fa8',
  band: '#1f5fa8',
  baseline: '#7a4f00',
  threshold: '#b42318',
  degraded: '#b42318',
} as const;

export interface ChartSvgProps {
  id: string;
  /** What kind of chart this is (`data-chart`), for tests and styling. */
  kind: string;
  width: number;
  height: number;
  title: string;
  description: string;
  /** Stated as data-* attributes: counts and domains of what is drawn. */
  data?: Record<string, string | number>;
  children?: Child;
}

export const ChartSvg: FC<ChartSvgProps> = ({ id, kind, width, height, title, description, data = {}, children }) => {
  const attributes: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(data)) attributes[`data-${key}`] = value;
  return (
    <svg
      id={id}
      class="chart"
      data-chart={kind}
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      // Never drawn larger than designed: text in the chart stays the size of the page's small print.
      style={`max-width:${width}px`}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      {...attributes}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {children}
    </svg>
  );
};

export interface AxesProps {
  x: LinearScale;
  y: LinearScale;
  xTicks: number[];
  yTicks: number[];
  xStep?: number;
  yStep?: number;
  xLabel?: string;
  yLabel?: string;
  /** Tick text; defaults to as many decimals as the step needs. */
  xFormat?: (value: number) => string;
  yFormat?: (value: number) => string;
  /** Horizontal grid lines at the y ticks. */
  grid?: boolean;
  /** Leave out the x tick labels (a main panel above a ratio panel shares the x axis). */
  hideXTickLabels?: boolean;
}

export const Axes: FC<AxesProps> = (props) => {
  const { x, y, xTicks, yTicks, xLabel, yLabel, grid = true } = props;
  const xStep = props.xStep ?? (xTicks.length > 1 ? xTicks[1] - xTicks[0] : 1);
  const yStep = props.yStep ?? (yTicks.length > 1 ? yTicks[1] - yTicks[0] : 1);
  const xFormat = props.xFormat ?? ((v: number) => tickLabel(v, xStep));
  const yFormat = props.yFormat ?? ((v: number) => tickLabel(v, yStep));
  const [left, right] = x.range;
  const [bottom, top] = y.range;
  return (
    <g class="axes" font-size="11" fill={COLORS.ink}>
      {grid && (
        <g stroke={COLORS.grid} stroke-width="1">
          {yTicks.map((t) => (
            <line x1={px(left)} x2={px(right)} y1={px(y(t))} y2={px(y(t))} />
          ))}
        </g>
      )}
      <g stroke={COLORS.axis} stroke-width="1">
        <line x1={px(left)} x2={px(right)} y1={px(bottom)} y2={px(bottom)} />
        <line x1={px(left)} x2={px(left)} y1={px(bottom)} y2={px(top)} />
        {xTicks.map((t) => (
          <line x1={px(x(t))} x2={px(x(t))} y1={px(bottom)} y2={px(bottom + 4)} />
        ))}
        {yTicks.map((t) => (
          <line x1={px(left - 4)} x2={px(left)} y1={px(y(t))} y2={px(y(t))} />
        ))}
      </g>
      {!props.hideXTickLabels && (
        <g class="x-ticks" text-anchor="middle">
          {xTicks.map((t) => (
            <text x={px(x(t))} y={px(bottom + 16)}>
              {xFormat(t)}
            </text>
          ))}
        </g>
      )}
      <g class="y-ticks" text-anchor="end">
        {yTicks.map((t) => (
          <text x={px(left - 7)} y={px(y(t) + 4)}>
            {yFormat(t)}
          </text>
        ))}
      </g>
      {xLabel && (
        <text class="x-label" x={px((left + right) / 2)} y={px(bottom + 32)} text-anchor="middle">
          {xLabel}
        </text>
      )}
      {yLabel && (
        <text class="y-label" transform={`translate(${px(left - 44)} ${px((top + bottom) / 2)}) rotate(-90)`} text-anchor="middle">
          {yLabel}
        </text>
      )}
    </g>
  );
};

/** "lo,hi" for a data-*-domain attribute. */
export function domainAttr(domain: readonly [number, number]): string {
  return `${Number(domain[0].toPrecision(6))},${Number(domain[1].toPrecision(6))}`;
}
