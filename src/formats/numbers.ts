/**
 * Strict decimal number parsing for text formats. `Number()` alone is too lenient for data:
 * it reads "" and "  " as 0, and accepts hex ("0x1A") and binary literals.
 */

/**
 * Parse a decimal number token: optional sign, digits with optional fraction, optional exponent.
 * Spelled-out non-finite values (nan, inf, infinity, any case, optional sign — as numpy and
 * pandas write them) parse to NaN/±Infinity so that the non-finite policy, not a "not a number"
 * error, reports them. Returns undefined for anything else, including the empty string.
 *
 * @example
 *   parseDecimal('-1.5e3'); // -1500
 *   parseDecimal('nan');    // NaN
 *   parseDecimal('0x10');   // undefined
 */
export function parseDecimal(token: string): number | undefined {
  const n = token.length;
  let i = 0;
  let c = token.charCodeAt(0);
  if (c === 43 /* + */ || c === 45 /* - */) c = token.charCodeAt(++i);
  let digits = 0;
  while (c >= 48 && c <= 57) {
    digits++;
    c = token.charCodeAt(++i);
  }
  if (c === 46 /* . */) {
    c = token.charCodeAt(++i);
    while (c >= 48 && c <= 57) {
      digits++;
      c = token.charCodeAt(++i);
    }
  }
  if (digits === 0) return parseNonFinite(token);
  if (c === 101 /* e */ || c === 69 /* E */) {
    c = token.charCodeAt(++i);
    if (c === 43 || c === 45) c = token.charCodeAt(++i);
    let expDigits = 0;
    while (c >= 48 && c <= 57) {
      expDigits++;
      c = token.charCodeAt(++i);
    }
    if (expDigits === 0) return undefined;
  }
  return i === n ? Number(token) : undefined;
}

function parseNonFinite(token: string): number | undefined {
  const lower = token.toLowerCase();
  const unsigned = lower[0] === '+' || lower[0] === '-' ? lower.slice(1) : lower;
  if (unsigned === 'nan') return NaN;
  if (unsigned === 'inf' || unsigned === 'infinity') return lower[0] === '-' ? -Infinity : Infinity;
  return undefined;
}
