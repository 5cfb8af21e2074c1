/**
 * Features ranked by how much they drive the separation (gradient importance, or the
 * one-dimensional JSD when the model exports no gradient), most important on top.
 *
 * @example
 *   <FeatureRankingChart id="ranking" features={[{ name: 'tau21_j1', value: 0.17 }]} measure="gradient importance" />
 */
import type { FC } from 'hono/jsx';
import { Axes, ChartSvg, COLORS, domainAttr } from './frame.js';
import { linearScale, niceDomain, px } from './scale.js';

export interface RankedFeature {
  name: string;
  value: number;
}

const WIDTH = 360;
const ROW = 28;
const MARGIN = { left: 96, right: 56, top: 8, bottom: 44 };

export const FeatureRankingChart: FC<{ id: string; features: RankedFeature[]; measure: string }> = ({ id, features, measure }) => {
  const height = MARGIN.top + MARGIN.bottom + ROW * Math.max(1, features.length);
  const max = Math.max(0, ...features.map((f) => f.value));
  const xAxis = niceDomain(0, max > 0 ? max : 1, 4);
  const x = linearScale(xAxis.domain, [MARGIN.left, WIDTH - MARGIN.right]);
  const y = linearScale([0, Math.max(1, features.length)], [MARGIN.top, height - MARGIN.bottom]);
  return (
    <ChartSvg
      id={id}
      kind="feature-ranking"
      width={WIDTH}
      height={height}
      title={`Features ranked by ${measure}`}
      description={features.map((f, i) => `${i + 1}. ${f.name}: ${Number(f.value.toPrecision(3))}`).join('; ') || 'No features.'}
      data={{ bars: features.length, 'x-domain': domainAttr(xAxis.domain) }}
    >
      <Axes x={x} y={linearScale([0, 1], [height - MARGIN.bottom, MARGIN.top])} xTicks={xAxis.ticks} xStep={xAxis.step} yTicks={[]} xLabel={measure} grid={false} />
      {features.map((f, i) => {
        const top = y(i) + 5;
        const name = f.name.length > 14 ? `${f.name.slice(0, 13)}…` : f.name;
        return (
          <g class="bar">
            <rect x={px(x(0))} y={px(top)} width={px(Math.max(1, x(f.value) - x(0)))} height={ROW - 10} fill={COLORS.upload} data-value={f.value}>
              <title>{`${f.name}: ${f.value}`}</title>
            </rect>
            <text x={MARGIN.left - 8} y={px(top + (ROW - 10) / 2 + 4)} text-anchor="end" font-size="12" fill={COLORS.ink}>
              {name}
            </text>
            <text x={px(x(f.value) + 4)} y={px(top + (ROW - 10) / 2 + 4)} font-size="11" fill={COLORS.ink}>
              {Number(f.value.toPrecision(3)).toString()}
            </text>
          </g>
        );
      })}
    </ChartSvg>
  );
};
