/** Where the kit is: the folder with course.json. By default the one this grader ships in. */
import path from 'node:path';
import { readFileSync } from 'node:fs';

export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');

export function kitRootOf(option?: string): string {
  return option ? path.resolve(option) : PACKAGE_ROOT;
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Loads a TypeScript module of the kit by path (an authoring hook in solutions/). The CLI runs
 * under a require hook that compiles .ts on require() (tsx's; in a released kit, bin/load-typescript.js);
 * inside Vitest, import() does.
 */
export async function loadKitModule<T>(file: string): Promise<T> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: require is the CLI's TypeScript loader
  if (typeof require === 'function' && require.extensions?.['.ts']) return require(file) as T;
  return (await import(file)) as T;
}
