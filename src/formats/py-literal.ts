/**
 * A small strict parser for the Python literal that forms a .npy header, e.g.
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }`. It accepts dicts, tuples,
 * lists, quoted strings without escapes, non-negative integers (with Python 2's `L` suffix),
 * True, False and None — nothing else. Never eval: the header is untrusted input.
 */

export type PyValue = string | number | boolean | null | PyValue[] | Map<string, PyValue>;

/** A tuple or list of values. Tuples and lists are both arrays; `isTuple` tells them apart. */
export interface PyTuple extends Array<PyValue> {
  isTuple?: boolean;
}

/** Thrown for any deviation from the accepted grammar; `offset` is the character position. */
export class PyLiteralError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at character ${offset}`);
  }
}

/**
 * Parse one literal; only whitespace may follow it.
 *
 * @example
 *   parsePyLiteral("{'shape': (3,), 'fortran_order': False}");
 *   // Map { 'shape' => [3], 'fortran_order' => false }
 */
export function parsePyLiteral(text: string): PyValue {
  const parser = new Parser(text);
  const value = parser.value();
  parser.skipSpace();
  if (parser.pos !== text.length) throw new PyLiteralError('unexpected text after the literal', parser.pos);
  return value;
}

const MAX_DEPTH = 16;

class Parser {
  pos = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  skipSpace(): void {
    while (this.pos < this.text.length && /[ \t\r\n]/.test(this.text[this.pos])) this.pos++;
  }

  value(): PyValue {
    this.skipSpace();
    const ch = this.text[this.pos];
    if (ch === undefined) throw new PyLiteralError('unexpected end of text', this.pos);
    if (ch === '{') return this.nested(() => this.dict());
    if (ch === '(') return this.nested(() => this.sequence(')', true));
    if (ch === '[') return this.nested(() => this.sequence(']', false));
    if (ch === "'" || ch === '"') return this.string();
    if (ch >= '0' && ch <= '9') return this.integer();
    for (const [word, value] of [
      ['True', true],
      ['False', false],
      ['None', null],
    ] as const) {
      if (this.text.startsWith(word, this.pos) && !/\w/.test(this.text[this.pos + word.length] ?? '')) {
        this.pos += word.length;
        return value;
      }
    }
    throw new PyLiteralError(`unexpected character ${JSON.stringify(ch)}`, this.pos);
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new PyLiteralError('nesting too deep', this.pos);
    const result = parse();
    this.depth--;
    return result;
  }

  private dict(): Map<string, PyValue> {
    this.pos++; // {
    const out = new Map<string, PyValue>();
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return out;
      }
      const keyAt = this.pos;
      const key = this.value();
      if (typeof key !== 'string') throw new PyLiteralError('dict keys must be strings', keyAt);
      if (out.has(key)) throw new PyLiteralError(`duplicate key '${key}'`, keyAt);
      this.skipSpace();
      this.expect(':');
      out.set(key, this.value());
      if (!this.separator('}')) {
        this.pos++;
        return out;
      }
    }
  }

  private sequence(close: string, isTuple: boolean): PyTuple {
    this.pos++; // ( or [
    const out: PyTuple = [];
    let sawComma = false;
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === close) {
        this.pos++;
        break;
      }
      out.push(this.value());
      sawComma = this.separator(close);
      if (!sawComma) {
        this.pos++;
        break;
      }
    }
    // (3) is the integer 3 in Python, not a tuple; a one-element tuple needs its comma.
    if (isTuple && out.length === 1 && !sawComma) throw new PyLiteralError('parenthesised value is not a tuple (missing comma)', this.pos);
    if (isTuple) out.isTuple = true;
    return out;
  }

  /** After an element: true if a comma followed, false if the closing bracket is next. */
  private separator(close: string): boolean {
    this.skipSpace();
    const ch = this.text[this.pos];
    if (ch === ',') {
      this.pos++;
      return true;
    }
    if (ch === close) return false;
    throw new PyLiteralError(`expected ',' or '${close}'`, this.pos);
  }

  private string(): string {
    const quote = this.text[this.pos];
    const start = ++this.pos;
    while (this.pos < this.text.length && this.text[this.pos] !== quote) {
      if (this.text[this.pos] === '\\') throw new PyLiteralError('escape sequences are not accepted', this.pos);
      if (this.text[this.pos] === '\n') throw new PyLiteralError('newline inside a string', this.pos);
      this.pos++;
    }
    if (this.pos >= this.text.length) throw new PyLiteralError('unterminated string', start - 1);
    return this.text.slice(start, this.pos++);
  }

  private integer(): number {
    const start = this.pos;
    while (this.pos < this.text.length && this.text[this.pos] >= '0' && this.text[this.pos] <= '9') this.pos++;
    const value = Number(this.text.slice(start, this.pos));
    if (this.text[this.pos] === 'L') this.pos++; // Python 2 long, as in headers written by old numpy
    if (!Number.isSafeInteger(value)) throw new PyLiteralError('integer too large', start);
    return value;
  }

  private expect(ch: string): void {
    if (this.text[this.pos] !== ch) throw new PyLiteralError(`expected '${ch}'`, this.pos);
    this.pos++;
  }
}
