/** The error for values that cannot cross the sandbox boundary (its own file: codec.ts and expanded-size.ts share it). */
export class TransportError extends Error {
  override name = 'TransportError';
}
