/**
 * `gatelab export`: the course on platforms beyond one machine.
 *   gradescope         a Gradescope autograder bundle (teacher-only: hidden suites and the secret)
 *   github-classroom   a workflow for the students' repositories and the teacher's instructions
 *   canvas, moodle     grade import files for the two LMSs (from the reports of grade-all and the roster)
 *   github-actions, kubernetes   recipes that grade a class in shards on several machines, then merge (sharded/)
 */
export { exportGradescope, type ExportGradescopeOptions, type ExportGradescopeResult } from './gradescope/build';
export { STUDENT_ID_FIELDS, type StudentIdField } from './gradescope/layout';
export { exportGithubClassroom } from './github-classroom';
export { exportCanvas, CANVAS_COLUMNS, type LmsExportOptions, type LmsExportResult } from './lms/canvas';
export { exportMoodle, MOODLE_IDS, type MoodleId } from './lms/moodle';
export { exportGithubActions, githubActionsWorkflow, type GithubActionsOptions } from './sharded/github-actions';
export { exportKubernetes, kubernetesRecipe, type KubernetesOptions } from './sharded/kubernetes';
