/**
 * The kit's manifest (exercises/manifest.json, written by `generate`): the SHA-256 of every protected file, which
 * grading, submit and release compare against, and the one SHA-256 helper they share.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface KitManifest {
  kitVersion: string;
  /** Path relative to exercises/ → SHA-256 of the kit's copy. */
  protected: Record<string, string>;
}

/** The SHA-256 of `data` in hex. */
export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function loadManifest(kitRoot: string): KitManifest {
  return JSON.parse(readFileSync(path.join(kitRoot, 'exercises', 'manifest.json'), 'utf8')) as KitManifest;
}
