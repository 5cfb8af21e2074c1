/**
 * A readable rendering of free-form JSON from a model card (preprocessing, training, metrics):
 * objects become definition lists, arrays of numbers a comma list, anything nested deeper a
 * compact JSON line — so a card written by any training tool displays without a page change.
 *
 * @example
 *   <KeyValues value={{ kind: 'standardise', mean: [0.1, 0.2] }} />
 *   // <dl class="kv"><dt>kind</dt><dd>standardise</dd><dt>mean</dt><dd>0.1, 0.2</dd></dl>
 */
import type { FC } from 'hono/jsx';

const MAX_DEPTH = 2;
const MAX_LIST = 24;

export const KeyValues: FC<{ value: unknown; depth?: number }> = ({ value, depth = 0 }) => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return <>{inline(value)}</>;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return <span class="muted">none</span>;
  return (
    <dl class="kv">
      {entries.map(([key, v]) => (
        <>
          <dt>{key}</dt>
          <dd>{isPlainObject(v) && depth < MAX_DEPTH ? <KeyValues value={v} depth={depth + 1} /> : isListOfObjects(v) ? <ObjectList items={v} /> : inline(v)}</dd>
        </>
      ))}
    </dl>
  );
};

/** A list of records (e.g. a flow's layers): one compact JSON line each, folded away when long. */
const ObjectList: FC<{ items: unknown[] }> = ({ items }) => {
  const list = (
    <ol>
      {items.map((item) => (
        <li>
          <code>{JSON.stringify(item)}</code>
        </li>
      ))}
    </ol>
  );
  return items.length <= 4 ? (
    list
  ) : (
    <details>
      <summary>{`${items.length} entries`}</summary>
      {list}
    </details>
  );
};

function isListOfObjects(v: unknown): v is unknown[] {
  return Array.isArray(v) && v.length > 0 && v.every(isPlainObject);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** One value on one line. */
function inline(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  if (typeof v === 'string' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'number' || typeof x === 'string')) {
    const shown = v.slice(0, MAX_LIST).map((x) => inline(x));
    return v.length > MAX_LIST ? `${shown.join(', ')}, … (${v.length} values)` : shown.join(', ');
  }
  return JSON.stringify(v);
}
