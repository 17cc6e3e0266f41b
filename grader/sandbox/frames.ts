/**
 * Length-prefixed frames (4-byte big-endian length, then a v8.serialize payload) on plain pipes.
 *
 * We do not use Node's built-in IPC channel: with `serialization: 'advanced'`, a child that writes
 * bytes the parent cannot deserialize makes the *parent* throw from inside its channel reader
 * (an uncaught exception in the grader), and a `{cmd: 'NODE_…'}` message is interpreted by Node
 * itself. Owning the framing lets us cap sizes and treat every malformed frame as data.
 */
import * as v8 from 'node:v8';

export const HEADER_BYTES = 4;

export function encodeFrame(message: unknown): Buffer {
  const body = v8.serialize(message);
  const frame = Buffer.alloc(HEADER_BYTES + body.length);
  frame.writeUInt32BE(body.length, 0);
  body.copy(frame, HEADER_BYTES);
  return frame;
}

export type FrameEvent =
  | { kind: 'message'; value: unknown; bytes: number }
  | { kind: 'undecodable'; error: string; bytes: number }
  | { kind: 'oversized'; bytes: number };

/**
 * Incremental frame parser. After an oversized header it stops for good: the stream is no longer
 * trustworthy and the caller is expected to kill the producer.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private need = -1;
  private broken = false;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer): FrameEvent[] {
    if (this.broken) return [];
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const events: FrameEvent[] = [];
    for (;;) {
      if (this.need < 0) {
        if (this.buffered < HEADER_BYTES) break;
        this.need = this.take(HEADER_BYTES).readUInt32BE(0);
        if (this.need > this.maxBytes) {
          this.broken = true;
          this.chunks = [];
          events.push({ kind: 'oversized', bytes: this.need });
          break;
        }
      }
      if (this.buffered < this.need) break;
      const body = this.take(this.need);
      this.need = -1;
      try {
        events.push({ kind: 'message', value: v8.deserialize(body), bytes: body.length });
      } catch (err) {
        events.push({
          kind: 'undecodable',
          error: err instanceof Error ? err.message : String(err),
          bytes: body.length,
        });
      }
    }
    return events;
  }

  /** Copies into a fresh buffer so deserialized typed arrays never alias pooled or shared memory. */
  private take(n: number): Buffer {
    const out = Buffer.alloc(n);
    let filled = 0;
    while (filled < n) {
      const head = this.chunks[0];
      const part = Math.min(head.length, n - filled);
      head.copy(out, filled, 0, part);
      filled += part;
      if (part === head.length) this.chunks.shift();
      else this.chunks[0] = head.subarray(part);
    }
    this.buffered -= n;
    return out;
  }
}
