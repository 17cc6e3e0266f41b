/** The grading context as the suites see it inside Vitest (provided by grade/run-suites.ts). */
import { inject } from 'vitest';
import type { GradingContext } from './context';

declare module 'vitest' {
  export interface ProvidedContext {
    gatelab: GradingContext;
  }
}

export function gradingContext(): GradingContext {
  return inject('gatelab');
}
