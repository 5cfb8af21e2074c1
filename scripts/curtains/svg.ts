/**
 * A minimal SVG plotter for the search's figures: panels with linear or log axes, tick labels,
 * lines, step histograms, points and a legend. Plain strings, no dependencies, so the figures are
 * reproducible text files that any browser opens.
 *
 * @example
 *   const p = new Panel({ x: 60, y: 20, width: 400, height: 300 }, { x: [1e-3, 1], logX: true, y: [0, 20] });
 *   p.line(xs, ys, { color: '#c00', label: 'CURTAINS' });
 *   writeFileSync('sic.svg', svgDocument(480, 360, [p.render({ xLabel: 'ε_S', yLabel: 'SIC' })]));
 */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Axes {
  x: [number, number];
  y: [number, number];
  logX?: boolean;
  logY?: boolean;
}

export interface Style {
  color?: string;
  width?: number;
  dash?: string;
  label?: string;
  fill?: string;
}

export const PALETTE = ['#d62728', '#1f77b4', '#2ca02c', '#7f7f7f', '#9467bd', '#ff7f0e'];

export class Panel {
  private readonly items: string[] = [];
  private readonly legend: Style[] = [];

  constructor(
    readonly box: Box,
    readonly axes: Axes,
  ) {}

  px(v: number): number {
    const [a, b] = this.axes.x;
    const t = this.axes.logX ? (Math.log10(v) - Math.log10(a)) / (Math.log10(b) - Math.log10(a)) : (v - a) / (b - a);
    return this.box.x + t * this.box.width;
  }

  py(v: number): number {
    const [a, b] = this.axes.y;
    const t = this.axes.logY ? (Math.log10(v) - Math.log10(a)) / (Math.log10(b) - Math.log10(a)) : (v - a) / (b - a);
    return this.box.y + this.box.height * (1 - t);
  }

  /** A polyline through the finite, in-domain points. */
  line(xs: ArrayLike<number>, ys: ArrayLike<number>, style: Style = {}): this {
    const pts: string[] = [];
    for (let i = 0; i < xs.length; i++) {
      if (!this.inDomain(xs[i], ys[i])) continue;
      pts.push(`${this.px(xs[i]).toFixed(1)},${this.clampY(this.py(ys[i])).toFixed(1)}`);
    }
    if (pts.length > 1) this.items.push(`<polyline fill="none" stroke="${style.color ?? '#000'}" stroke-width="${style.width ?? 1.5}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''} points="${pts.join(' ')}"/>`);
    if (style.label) this.legend.push(style);
    return this;
  }

  /** A step histogram: counts[k] over [edges[k], edges[k+1]). */
  steps(edges: ArrayLike<number>, counts: ArrayLike<number>, style: Style = {}): this {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let k = 0; k < counts.length; k++) {
      xs.push(edges[k], edges[k + 1]);
      ys.push(counts[k], counts[k]);
    }
    if (style.fill) {
      const pts = xs.map((x, i) => `${this.px(x).toFixed(1)},${this.clampY(this.py(ys[i])).toFixed(1)}`);
      const base = this.py(this.axes.logY ? this.axes.y[0] : Math.max(this.axes.y[0], 0));
      this.items.push(`<polygon fill="${style.fill}" stroke="none" points="${this.px(xs[0]).toFixed(1)},${base.toFixed(1)} ${pts.join(' ')} ${this.px(xs[xs.length - 1]).toFixed(1)},${base.toFixed(1)}"/>`);
    }
    return this.line(xs, ys, style);
  }

  /** Points with optional vertical error bars. */
  points(xs: ArrayLike<number>, ys: ArrayLike<number>, errors?: ArrayLike<number>, style: Style = {}): this {
    const color = style.color ?? '#000';
    for (let i = 0; i < xs.length; i++) {
      if (!this.inDomain(xs[i], ys[i])) continue;
      const x = this.px(xs[i]);
      const y = this.clampY(this.py(ys[i]));
      if (errors && errors[i] > 0) {
        const lo = this.clampY(this.py(Math.max(ys[i] - errors[i], this.axes.logY ? this.axes.y[0] : -Infinity)));
        const hi = this.clampY(this.py(ys[i] + errors[i]));
        this.items.push(`<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${lo.toFixed(1)}" y2="${hi.toFixed(1)}" stroke="${color}"/>`);
      }
      this.items.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="2.2" fill="${color}"/>`);
    }
    if (style.label) this.legend.push({ ...style, dash: '1,0' });
    return this;
  }

  /** A shaded vertical band between x0 and x1. */
  band(x0: number, x1: number, fill = 'rgba(0,0,0,0.07)'): this {
    this.items.unshift(`<rect x="${this.px(x0).toFixed(1)}" y="${this.box.y}" width="${(this.px(x1) - this.px(x0)).toFixed(1)}" height="${this.box.height}" fill="${fill}"/>`);
    return this;
  }

  /** A horizontal reference line. */
  hline(y: number, style: Style = {}): this {
    return this.line(this.axes.x, [y, y], { color: style.color ?? '#999', width: 1, dash: style.dash ?? '4,3', label: style.label });
  }

  text(x: number, y: number, s: string, anchor: 'start' | 'middle' | 'end' = 'start'): this {
    this.items.push(`<text x="${this.px(x).toFixed(1)}" y="${this.py(y).toFixed(1)}" font-size="11" text-anchor="${anchor}">${escape(s)}</text>`);
    return this;
  }

  render(labels: { xLabel?: string; yLabel?: string; title?: string; legend?: 'top-left' | 'top-right' | 'none'; xTicks?: boolean } = {}): string {
    const { x, y, width, height } = this.box;
    const out: string[] = [`<g>`, `<rect x="${x}" y="${y}" width="${width}" height="${height}" fill="#fff" stroke="#333"/>`];
    out.push(`<clipPath id="c${x}_${y}"><rect x="${x}" y="${y}" width="${width}" height="${height}"/></clipPath>`);
    out.push(`<g clip-path="url(#c${x}_${y})">${this.items.join('')}</g>`);
    for (const t of ticks(this.axes.x, this.axes.logX)) {
      const px = this.px(t);
      out.push(`<line x1="${px.toFixed(1)}" x2="${px.toFixed(1)}" y1="${y + height}" y2="${y + height - 4}" stroke="#333"/>`);
      if (labels.xTicks !== false) out.push(`<text x="${px.toFixed(1)}" y="${y + height + 13}" font-size="10" text-anchor="middle">${fmt(t)}</text>`);
    }
    for (const t of ticks(this.axes.y, this.axes.logY)) {
      const py = this.py(t);
      out.push(`<line x1="${x}" x2="${x + 4}" y1="${py.toFixed(1)}" y2="${py.toFixed(1)}" stroke="#333"/>`);
      out.push(`<text x="${x - 4}" y="${(py + 3).toFixed(1)}" font-size="10" text-anchor="end">${fmt(t)}</text>`);
    }
    if (labels.xLabel) out.push(`<text x="${x + width / 2}" y="${y + height + 28}" font-size="12" text-anchor="middle">${escape(labels.xLabel)}</text>`);
    if (labels.yLabel) out.push(`<text transform="translate(${x - 38},${y + height / 2}) rotate(-90)" font-size="12" text-anchor="middle">${escape(labels.yLabel)}</text>`);
    if (labels.title) out.push(`<text x="${x + width / 2}" y="${y - 6}" font-size="12" text-anchor="middle" font-weight="bold">${escape(labels.title)}</text>`);
    if (labels.legend !== 'none' && this.legend.length > 0) {
      const right = labels.legend === 'top-right';
      this.legend.forEach((s, i) => {
        const longest = Math.max(...this.legend.map((l) => (l.label ?? '').length));
        const lx = right ? x + width - 32 - 5.6 * longest : x + 10;
        const ly = y + 14 + i * 14;
        out.push(`<line x1="${lx}" x2="${lx + 18}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color ?? '#000'}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
        out.push(`<text x="${lx + 22}" y="${ly}" font-size="10">${escape(s.label ?? '')}</text>`);
      });
    }
    out.push('</g>');
    return out.join('\n');
  }

  private inDomain(x: number, y: number): boolean {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
    if (this.axes.logX && !(x > 0)) return false;
    if (this.axes.logY && !(y > 0)) return false;
    return true;
  }

  private clampY(v: number): number {
    return Math.min(this.box.y + this.box.height + 2, Math.max(this.box.y - 2, v));
  }
}

/** A complete SVG file of the given size holding the parts (Panel.render outputs, text). */
export function svgDocument(width: number, height: number, parts: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">\n<rect width="100%" height="100%" fill="#fff"/>\n${parts.join('\n')}\n</svg>\n`;
}

function ticks([a, b]: [number, number], log?: boolean): number[] {
  if (log) {
    const out: number[] = [];
    for (let e = Math.ceil(Math.log10(a) - 1e-9); e <= Math.floor(Math.log10(b) + 1e-9); e++) out.push(10 ** e);
    return out;
  }
  const span = b - a;
  const raw = span / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => span / s <= 6) ?? raw;
  const out: number[] = [];
  for (let t = Math.ceil(a / step - 1e-9) * step; t <= b + 1e-9 * span; t += step) out.push(Math.abs(t) < 1e-12 * span ? 0 : t);
  return out;
}

function fmt(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(0).replace('e+', 'e');
  return String(Number(v.toPrecision(3)));
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
