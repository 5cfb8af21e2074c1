import { describe, expect, it } from 'vitest';
import { FormatError } from './errors.js';
import { checkCols, checkRows } from './limits.js';
import { decodeUtf8 } from './text.js';

describe('decodeUtf8', () => {
  it('drops a BOM and keeps everything else', () => {
    expect(decodeUtf8(new TextEncoder().encode('\ufeffé,ü'))).toBe('é,ü');
  });
  it('invalid UTF-8 is bad_encoding, not replacement characters', () => {
    expect(() => decodeUtf8(Uint8Array.of(0xc3, 0x28))).toThrow(FormatError);
  });
});

describe('limits', () => {
  it('only limits that are set apply; equal to the limit passes', () => {
    expect(() => checkRows(10, undefined)).not.toThrow();
    expect(() => checkRows(10, { maxCols: 1 })).not.toThrow();
    expect(() => checkRows(10, { maxRows: 10 })).not.toThrow();
    expect(() => checkRows(11, { maxRows: 10 })).toThrow(/more than 10 rows/);
    expect(() => checkCols(3, { maxCols: 2 })).toThrow(/3 columns; the limit is 2/);
  });
});
