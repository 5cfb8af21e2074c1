import { describe, expect, it } from 'vitest';
import { parsePyLiteral, PyLiteralError } from './py-literal.js';

describe('parsePyLiteral', () => {
  it('parses the numpy header dict', () => {
    const v = parsePyLiteral("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }") as Map<string, unknown>;
    expect(v).toBeInstanceOf(Map);
    expect(v.get('descr')).toBe('<f4');
    expect(v.get('fortran_order')).toBe(false);
    expect(Array.from(v.get('shape') as number[])).toEqual([3, 2]);
  });

  it('tuples, lists, None, True and the Python 2 long suffix', () => {
    expect(Array.from(parsePyLiteral('(6,)') as number[])).toEqual([6]);
    expect(Array.from(parsePyLiteral('()') as number[])).toEqual([]);
    expect(parsePyLiteral("[('a', '<f4'), None, True]")).toEqual([Object.assign(['a', '<f4'], { isTuple: true }), null, true]);
    expect(Array.from(parsePyLiteral('(3L, 2L)') as number[])).toEqual([3, 2]);
  });

  it.each([
    ['(6)', 'missing comma'],
    ["{'a': 1, 'a': 2}", 'duplicate key'],
    ['{1: 2}', 'keys must be strings'],
    ["'abc", 'unterminated'],
    ["'a\\'b'", 'escape'],
    ['-1', 'unexpected character'],
    ['1.5', 'unexpected text'],
    ['Truex', 'unexpected character'],
    ['true', 'unexpected character'],
    ['(1 2)', "expected ','"],
    ['{"a" 1}', "expected ':'"],
    ['99999999999999999999', 'too large'],
    ['[' .repeat(20) + ']'.repeat(20), 'too deep'],
    ['', 'end of text'],
  ])('rejects %j (%s)', (text, why) => {
    expect(() => parsePyLiteral(text)).toThrow(PyLiteralError);
    expect(() => parsePyLiteral(text)).toThrow(why);
  });
});
