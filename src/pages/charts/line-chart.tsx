/**
 * A plain multi-series line chart (e.g. a model's training loss per epoch), one colour per
 * series with an HTML legend beside it.
 *
 * @example
 *   <LineChart id="history" xLabel="epoch" yLabel="loss"
 *     series={[{ name: 'train_loss', points: [[1, 0.69], [2, 0.68]] }]} />
 */
import type { FC } from 'hono/jsx';
import { Axes, ChartSvg, domainAttr } from './frame.js';
import { extent, linearScale, niceDomain, px } from './scale.js';

export interface Series {
  name: string;
  points: [number, number][];
}

/** Distinguishable for colour-blind readers and at least 3:1 against white. */
export const SERIES_COLORS = ['#1f5fa8', '#b35900', '#14532d', '#7b2d8e', '#8a1c1c'];

const WIDTH = 560;
const HEIGHT = 260;
const MARGIN = { left: 66, right: 14, top: 12, bottom: 48 };

export const LineChart: FC<{ id: string; series: Series[]; xLabel: string; yLabel: string; title: string }> = ({ id, series, xLabel, yLabel, title }) => {
  const xs = extent(series.flatMap((s) => s.points.map((p) => p[0]))) ?? [0, 1];
  const ys = extent(series.flatMap((s) => s.points.map((p) => p[1]))) ?? [0, 1];
  const xAxis = niceDomain(xs[0], xs[1], 8);
  const yAxis = niceDomain(ys[0], ys[1], 5);
  const x = linearScale(xAxis.domain, [MARGIN.left, WIDTH - MARGIN.right]);
  const y = linearScale(yAxis.domain, [HEIGHT - MARGIN.bottom, MARGIN.top]);
  return (
    <ChartSvg
      id={id}
      kind="line"
      width={WIDTH}
      height={HEIGHT}
      title={title}
      description={series.map((s) => `${s.name}: ${s.points.length} points`).join('; ')}
      data={{ series: series.length, points: series.reduce((n, s) => n + s.points.length, 0), 'x-domain': domainAttr(xAxis.domain), 'y-domain': domainAttr(yAxis.domain) }}
    >
      <Axes x={x} y={y} xTicks={xAxis.ticks} xStep={xAxis.step} yTicks={yAxis.ticks} yStep={yAxis.step} xLabel={xLabel} yLabel={yLabel} />
      {series.map((s, k) => (
        <path
          class="series"
          data-series={s.name}
          d={s.points.map(([a, b], i) => `${i === 0 ? 'M' : 'L'}${px(x(a))},${px(y(b))}`).join('')}
          fill="none"
          stroke={SERIES_COLORS[k % SERIES_COLORS.length]}
          stroke-width="1.8"
          stroke-dasharray={k % 2 === 1 ? '6 3' : undefined}
        />
      ))}
    </ChartSvg>
  );
};
