/**
 * `gatelab export`: the course on platforms beyond one machine.
 *   gradescope         a Gradescope autograder bundle (teacher-only: hidden suites and the secret)
 *   github-classroom   a workflow for the students' repositories and the teacher's instructions
 */
export { exportGradescope, type ExportGradescopeOptions, type ExportGradescopeResult } from './gradescope/build';
export { STUDENT_ID_FIELDS, type StudentIdField } from './gradescope/layout';
export { exportGithubClassroom } from './github-classroom';
export { checkJson, checkMarkdown } from './check-markdown';
