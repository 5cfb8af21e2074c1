/**
 * A word-sized AUC trend for the overview table: the last uploads' AUC as a line, 0.5 dotted,
 * the newest point marked.
 *
 * @example
 *   <Sparkline id="spark-lhco" values={[0.51, 0.5, 0.56]} />
 */
import type { FC } from 'hono/jsx';
import { fixed } from '../format.js';
import { COLORS, domainAttr } from './frame.js';
import { extent, linearScale, px } from './scale.js';

const WIDTH = 120;
const HEIGHT = 30;

export const Sparkline: FC<{ id: string; values: number[] }> = ({ id, values }) => {
  const [lo, hi] = extent([...values, 0.5]) ?? [0.4, 0.6];
  const pad = Math.max(0.01, (hi - lo) * 0.1);
  const x = linearScale([0, Math.max(1, values.length - 1)], [3, WIDTH - 4]);
  const y = linearScale([lo - pad, hi + pad], [HEIGHT - 3, 3]);
  const path = values.map((v, i) => `${i === 0 ? 'M' : 'L'}${px(x(i))},${px(y(v))}`).join('');
  const last = values.at(-1);
  const label =
    values.length === 0 ? 'no uploads yet' : `AUC of the last ${values.length} uploads, from ${fixed(values[0])} to ${fixed(last)}`;
  return (
    <svg id={id} class="sparkline" data-chart="sparkline" data-points={values.length} data-y-domain={domainAttr(y.domain)} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT} role="img" aria-label={label}>
      <line x1="0" x2={WIDTH} y1={px(y(0.5))} y2={px(y(0.5))} stroke={COLORS.axis} stroke-width="1" stroke-dasharray="2 3" />
      {values.length > 1 && <path d={path} fill="none" stroke={COLORS.upload} stroke-width="1.5" />}
      {last !== undefined && <circle cx={px(x(values.length - 1))} cy={px(y(last))} r="2.5" fill={COLORS.upload} />}
    </svg>
  );
};
