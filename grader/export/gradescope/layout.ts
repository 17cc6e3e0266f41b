/**
 * Where things are inside Gradescope's autograder container, and the settings `gatelab export
 * gradescope` bakes into the bundle. The root is /autograder on Gradescope; GATELAB_AUTOGRADER_ROOT
 * moves it (the tests run the bundle in a temporary folder laid out the same way).
 */
import type { Acceptance } from '../../sandbox';
import path from 'node:path';
import type { Lang } from '../../shared/results';

export const ROOT_ENV = 'GATELAB_AUTOGRADER_ROOT';
export const DEFAULT_ROOT = '/autograder';
/** The bundle's settings file, at the root of the zip (so in /autograder/source). */
export const CONFIG_FILE = 'gatelab-autograder.json';
/** The course secret, at the root of the zip: teacher-only, like everything in the bundle. */
export const SECRET_FILE = 'course-secret.txt';

export interface AutograderLayout {
  root: string;
  /** The unzipped bundle: the teacher-side kit. */
  source: string;
  /** The student's upload, unpacked by Gradescope. */
  submission: string;
  metadata: string;
  resultsDir: string;
  resultsFile: string;
}

export function autograderLayout(root: string): AutograderLayout {
  const resolved = path.resolve(root);
  return {
    root: resolved,
    source: path.join(resolved, 'source'),
    submission: path.join(resolved, 'submission'),
    metadata: path.join(resolved, 'submission_metadata.json'),
    resultsDir: path.join(resolved, 'results'),
    resultsFile: path.join(resolved, 'results', 'results.json'),
  };
}

/** Which field of Gradescope's `users[0]` names the student (their seed is drawn from it). */
export type StudentIdField = 'email' | 'sid' | 'id';
export const STUDENT_ID_FIELDS: readonly StudentIdField[] = ['email', 'sid', 'id'];

export interface AutograderConfig {
  /** Language of the feedback students see on Gradescope. */
  lang: Lang;
  studentId: StudentIdField;
  /**
   * Sandbox layers the teacher accepted as missing at export (`--allow-weak-sandbox`): a Gradescope container may
   * lack namespaces, and then its own per-submission container stands in for them. Every report says which.
   */
  allowWeak?: Acceptance;
}
