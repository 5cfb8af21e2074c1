/**
 * The distribution of per-event scores of a scored file (public scoring page): equal-width bins
 * over the scores' range. Rendered in the browser too, from the same component.
 *
 * @example
 *   <ScoreHistogramChart id="scores" scores={Float32Array.of(0.4, 0.5, 0.6)} label="score" />
 */
import type { FC } from 'hono/jsx';
import { histogramCounts, rangeEdges } from '../../stats/histogram.js';
import { Axes, ChartSvg, COLORS, domainAttr } from './frame.js';
import { linearScale, niceDomain, px, ticksBetween, tickStep } from './scale.js';

const WIDTH = 640;
const HEIGHT = 280;
const MARGIN = { left: 66, right: 14, top: 12, bottom: 48 };

export const ScoreHistogramChart: FC<{ id: string; scores: ArrayLike<number>; label: string; bins?: number }> = ({ id, scores, label, bins = 40 }) => {
  const edges = rangeEdges(scores, bins);
  const counts = histogramCounts(scores, edges);
  const xDomain: [number, number] = [edges[0], edges[edges.length - 1]];
  const x = linearScale(xDomain, [MARGIN.left, WIDTH - MARGIN.right]);
  const xStep = tickStep(xDomain[0], xDomain[1], 6);
  const yAxis = niceDomain(0, Math.max(1, ...counts), 5);
  const y = linearScale(yAxis.domain, [HEIGHT - MARGIN.bottom, MARGIN.top]);
  return (
    <ChartSvg
      id={id}
      kind="score-histogram"
      width={WIDTH}
      height={HEIGHT}
      title={`Distribution of ${label} over ${scores.length} events`}
      description={`${counts.length} bins from ${xDomain[0]} to ${xDomain[1]}; the fullest bin holds ${Math.max(...counts)} events.`}
      data={{ bins: counts.length, events: scores.length, 'x-domain': domainAttr(xDomain), 'y-domain': domainAttr(yAxis.domain) }}
    >
      <Axes x={x} y={y} xTicks={ticksBetween(xDomain[0], xDomain[1], xStep)} xStep={xStep} yTicks={yAxis.ticks} yStep={yAxis.step} xLabel={label} yLabel="events" />
      <g class="bars" fill={COLORS.upload}>
        {Array.from(counts, (count, k) => (
          <rect x={px(x(edges[k]) + 0.5)} y={px(y(count))} width={px(Math.max(0.5, x(edges[k + 1]) - x(edges[k]) - 1))} height={px(y(0) - y(count))} data-count={count} />
        ))}
      </g>
    </ChartSvg>
  );
};
