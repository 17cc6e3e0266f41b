/**
 * How big a value returned by the sandbox becomes once the trusted side walks it as a tree.
 *
 * V8's structured clone keeps shared references: a 200-byte answer can hold thirty levels of
 * `[a, a]`, which every tree walk on the trusted side (decoding, turning matrices into Matrix,
 * comparing, reporting) would expand into 2^30 nodes. So a value is measured before it is used:
 * every object counts once per place it is reached from, as a tree walk would count it. Each
 * object's expanded size is computed once and remembered, so measuring costs time in proportion to
 * the message as received (already bounded in bytes), never to the expansion it describes.
 */
import { TransportError } from './codec-error';
import { MAX_ARRAY_LENGTH, MAX_DEPTH, MAX_KEYS, MAX_RESULT_UNITS } from './types';

/** Units of a value: 1 per node, plus 1 per 8 bytes of typed-array data and per 16 characters of a string. */
function leafUnits(v: unknown): number {
  return typeof v === 'string' ? 1 + Math.floor(v.length / 16) : 1;
}

function children(v: object, at: string): Iterable<unknown> {
  if (Array.isArray(v)) {
    if (v.length > MAX_ARRAY_LENGTH) throw new TransportError(`array longer than ${MAX_ARRAY_LENGTH} at ${at}`);
    return v;
  }
  if (v instanceof Map) return [...v.keys(), ...v.values()];
  if (v instanceof Set) return v.values();
  const keys = Object.keys(v);
  if (keys.length > MAX_KEYS) throw new TransportError(`object with more than ${MAX_KEYS} keys at ${at}`);
  return keys.map((k) => (v as Record<string, unknown>)[k]);
}

/**
 * The value's size in units with every shared reference counted at each use (a float64 count: an
 * expansion may pass 2^53, and then only its order of magnitude matters). Throws TransportError on a
 * cycle, on nesting deeper than MAX_DEPTH, and when `deadline` (a performance.now() time) passes.
 */
export function expandedUnits(value: unknown, deadline = Infinity): number {
  const memo = new Map<object, number>();
  const active = new Set<object>();
  let steps = 0;
  const size = (v: unknown, depth: number, at: string): number => {
    if (typeof v !== 'object' || v === null) return leafUnits(v);
    const known = memo.get(v);
    if (known !== undefined) return known;
    if (active.has(v)) throw new TransportError(`a cycle at ${at} cannot cross the sandbox boundary`);
    if (depth > MAX_DEPTH) throw new TransportError(`nesting deeper than ${MAX_DEPTH} at ${at}`);
    if ((++steps & 0xffff) === 0 && performance.now() > deadline) {
      throw new TransportError('the result took longer to check than the call may take');
    }
    let total = 1;
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) total += Math.floor(v.byteLength / 8);
    else if (!(v instanceof Date)) {
      active.add(v);
      let i = 0;
      for (const child of children(v, at)) total += size(child, depth + 1, `${at}[${i++}]`);
      active.delete(v);
    }
    memo.set(v, total);
    return total;
  };
  return size(value, 0, 'value');
}

function plain(n: number): string {
  return n < 1e15 ? Math.round(n).toLocaleString('en-US') : n.toExponential(1);
}

/** Throws a TransportError naming the bound and by how much when `value` expands past MAX_RESULT_UNITS. */
export function assertBounded(value: unknown, deadline = Infinity, limit = MAX_RESULT_UNITS): void {
  const units = expandedUnits(value, deadline);
  if (units <= limit) return;
  const times = units / limit;
  throw new TransportError(
    `the value expands to ${plain(units)} values when shared parts are counted at each use; ` +
      `the limit is ${plain(limit)} (${times < 10 ? times.toFixed(1) : plain(times)}× over)`,
  );
}
