/**
 * The sandbox of a suite file: one per file, started on first use (or earlier: startEarly) and killed when the file's
 * tests end. Workers are reused between files (Vitest runs without isolation for speed), so the sandbox lives in a
 * module variable that each file's afterAll clears: a sandbox never outlives its file, so never serves a second
 * student (each student's suites run in files of their own).
 */
import { afterAll } from './host';
import { Sandbox, seedIsolationDetails } from '../sandbox';
import type { GradingContext } from './context';

let sandbox: Promise<Sandbox> | undefined;

/** The file's sandbox on the context's staging folder, started now if it is not yet. */
export function fileSandbox(ctx: GradingContext): Promise<Sandbox> {
  if (ctx.isolation) seedIsolationDetails(ctx.isolation);
  // Fail closed when grading (only the layers the teacher accepted may be missing); a student's own check runs anyway.
  sandbox ??= Sandbox.start({
    root: ctx.staging,
    limits: ctx.limits,
    accept: ctx.mode === 'check' ? 'all' : (ctx.acceptWeak ?? []),
  });
  return sandbox;
}

export async function closeFileSandbox(): Promise<void> {
  const sb = sandbox;
  sandbox = undefined;
  await (await sb?.catch(() => undefined))?.close();
}

/**
 * Starts the file's sandbox while its suites still load (call it while the file is collected), so the first check
 * finds the process up. It is the same sandbox the first check would start, on the same folder and limits; a start
 * that fails fails that check as it would have. Unused when every check has a compile error, so skipped then.
 */
export function startEarly(ctx: GradingContext, exercises: readonly string[]): void {
  if (exercises.every((id) => ctx.compileErrors[id])) return;
  afterAll(closeFileSandbox);
  fileSandbox(ctx).catch(() => undefined);
}
