/**
 * Number and time formatting shared by the pages and their charts, so the same quantity reads the
 * same everywhere.
 */

/**
 * A number with `digits` decimals; '—' for null/undefined/non-finite.
 *
 * @example
 *   fixed(0.512345, 3); // '0.512'
 *   fixed(null);        // '—'
 */
export function fixed(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const text = x.toFixed(digits);
  // -0.0000 (a tiny negative rounded away) reads as a sign error.
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

/**
 * A value with its interval, e.g. an AUC and its 95% CI.
 *
 * @example
 *   withInterval(0.5123, [0.4987, 0.5259]); // '0.512 [0.499, 0.526]'
 */
export function withInterval(x: number | null | undefined, ci: readonly [number, number] | null | undefined, digits = 3): string {
  return ci ? `${fixed(x, digits)} [${fixed(ci[0], digits)}, ${fixed(ci[1], digits)}]` : fixed(x, digits);
}

/**
 * A p-value: fixed for ordinary values, scientific below 0.001, a bound below double precision.
 *
 * @example
 *   pValue(0.0312);  // '0.031'
 *   pValue(2.5e-10); // '2.5e-10'
 *   pValue(0);       // '< 1e-300'
 */
export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  if (p === 0) return '< 1e-300';
  return p >= 0.001 ? p.toFixed(3) : p.toExponential(1);
}

/**
 * Tick labels: as few digits as tell neighbouring ticks apart.
 *
 * @example
 *   tickLabel(0.5, 0.05); // '0.50'
 *   tickLabel(2000, 500); // '2000'
 */
export function tickLabel(value: number, step: number): string {
  const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(Math.abs(step)) + 1e-9)));
  const text = value.toFixed(decimals);
  return text === '-0' || /^-0\.0*$/.test(text) ? text.slice(1) : text;
}

/**
 * An ISO time as "YYYY-MM-DD HH:MM UTC" (pages are read by people in many time zones).
 *
 * @example
 *   utcMinute('2026-12-03T16:20:31.123Z'); // '2026-12-03 16:20 UTC'
 */
export function utcMinute(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}
