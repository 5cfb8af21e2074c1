/**
 * The ROC curve of an upload against the reference (batch = positive class): the diagonal is a
 * batch indistinguishable from the reference; a curve below it means the batch scores lower.
 *
 * @example
 *   <RocChart id="roc" curve={{ fpr: [0, 0.5, 1], tpr: [0, 0.6, 1] }} auc={0.55} />
 */
import type { FC } from 'hono/jsx';
import type { RocCurve } from '../../stats/roc.js';
import { fixed } from '../format.js';
import { Axes, ChartSvg, COLORS, domainAttr } from './frame.js';
import { linearScale, px } from './scale.js';

const SIZE = 360;
const MARGIN = { left: 62, right: 14, top: 12, bottom: 48 };

export const RocChart: FC<{ id: string; curve: RocCurve; auc: number | null }> = ({ id, curve, auc }) => {
  const x = linearScale([0, 1], [MARGIN.left, SIZE - MARGIN.right]);
  const y = linearScale([0, 1], [SIZE - MARGIN.bottom, MARGIN.top]);
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1];
  const path = curve.fpr.map((f, k) => `${k === 0 ? 'M' : 'L'}${px(x(f))},${px(y(curve.tpr[k]))}`).join('');
  return (
    <ChartSvg
      id={id}
      kind="roc"
      width={SIZE}
      height={SIZE}
      title="ROC curve of the latest upload against the reference"
      description={`${curve.fpr.length} points; area ${fixed(auc)} (0.5 is the diagonal: indistinguishable).`}
      data={{ points: curve.fpr.length, 'x-domain': domainAttr(x.domain), 'y-domain': domainAttr(y.domain) }}
    >
      <Axes x={x} y={y} xTicks={ticks} yTicks={ticks} xStep={0.1} yStep={0.1} xLabel="reference above threshold (FPR)" yLabel="batch above threshold (TPR)" />
      <line class="chance" x1={px(x(0))} y1={px(y(0))} x2={px(x(1))} y2={px(y(1))} stroke={COLORS.axis} stroke-width="1" stroke-dasharray="4 4" />
      <path class="curve" d={path} fill="none" stroke={COLORS.upload} stroke-width="2" />
      <text x={px(x(0.97))} y={px(y(0.05))} text-anchor="end" font-size="12" fill={COLORS.ink}>
        {`AUC ${fixed(auc)}`}
      </text>
    </ChartSvg>
  );
};
