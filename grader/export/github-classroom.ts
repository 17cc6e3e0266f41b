/**
 * `gatelab export github-classroom --out <dir>`: the workflow for the students' repositories that
 * reports the public checks' points to GitHub Classroom, and the teacher's instructions (TEACHER.md).
 *
 * The workflow is built from templates/classroom/workflow.yml (the fixed part: Classroom's triggers,
 * its guard against its own first commit, checkout, Node, install) plus one
 * `classroom-resources/autograding-command-grader` step per exercise, worth that exercise's public
 * points, and the `autograding-grading-reporter` step that sends them to Classroom. Its last step
 * puts the progress table on the run's Summary page (templates/classroom/summary.sh). The YAML is
 * read and written with the `yaml` library; TEACHER.md is a Handlebars template.
 */
import Handlebars from 'handlebars';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { loadCatalog, type Catalog } from '../shared/catalog';
import { PACKAGE_ROOT } from '../shared/kit';
import { area, formatMessage, lookup } from '../shared/messages';
import { formatMilli } from '../shared/points';
import { LANGS, type Lang } from '../shared/results';

export const WORKFLOW_PATH = path.join('.github', 'workflows', 'gatelab.yml');
/** Classroom's own actions, at their current major version. */
export const COMMAND_GRADER = 'classroom-resources/autograding-command-grader@v1';
export const GRADING_REPORTER = 'classroom-resources/autograding-grading-reporter@v1';
/** Minutes one exercise's public checks may take on the runner (the grader's own limit is 360). */
const STEP_TIMEOUT_MINUTES = 10;

const TEMPLATES = path.join(PACKAGE_ROOT, 'templates', 'classroom');

interface WorkflowStep {
  name: string;
  id?: string;
  uses?: string;
  if?: string;
  with?: Record<string, string | number>;
  env?: Record<string, string>;
  run?: string;
}

/** One grader step: an exercise's public checks, all or nothing, as Classroom's command grader scores. */
export interface GraderStep {
  id: string;
  exercise: string;
  testName: string;
  checks: string[];
  /** Points as Classroom takes them: a whole number (the command grader parses max-score as an integer). */
  points: number;
}

interface TeacherStrings {
  step: string;
  passed: string;
  failing: string;
  broken: string;
}

function teacherStrings(lang: Lang): TeacherStrings {
  return area(lang, 'teacher.classroom') as unknown as TeacherStrings;
}

export function graderSteps(catalog: Catalog, lang: Lang): GraderStep[] {
  const t = teacherStrings(lang);
  return catalog.exercises
    .map((e) => {
      const checks = e.checks.filter((c) => c.visibility === 'public');
      // Step ids must start with a letter; exercise ids start with their number.
      return {
        id: `public-${e.id}`,
        exercise: e.id,
        testName: formatMessage(t.step, { exercise: e.id }),
        checks: checks.map((c) => c.id),
        points: Math.round(checks.reduce((s, c) => s + c.points, 0)),
      };
    })
    .filter((s) => s.checks.length > 0);
}

/** The reporter reads each runner's result from the variable <STEP ID IN CAPITALS>_RESULTS. */
export function resultsVariable(stepId: string): string {
  return `${stepId.toUpperCase()}_RESULTS`;
}

export function workflowYaml(catalog: Catalog, lang: Lang): string {
  const doc = YAML.parseDocument(readFileSync(path.join(TEMPLATES, 'workflow.yml'), 'utf8'));
  const t = teacherStrings(lang);
  const graders = graderSteps(catalog, lang);
  const steps: WorkflowStep[] = graders.map((g) => ({
    name: g.testName,
    id: g.id,
    uses: COMMAND_GRADER,
    with: {
      'test-name': g.testName,
      'setup-command': '',
      command: `npx gatelab check ${g.exercise} --lang ${lang}`,
      timeout: STEP_TIMEOUT_MINUTES,
      'max-score': g.points,
    },
  }));
  steps.push({
    name: 'Autograding Reporter',
    uses: GRADING_REPORTER,
    env: Object.fromEntries(graders.map((g) => [resultsVariable(g.id), `\${{steps.${g.id}.outputs.result}}`])),
    with: { runners: graders.map((g) => g.id).join(',') },
  });
  const stepList = doc.getIn(['jobs', 'run-autograding-tests', 'steps']) as YAML.YAMLSeq;
  const progressIndex = stepList.items.length - 1;
  const progress = stepList.items[progressIndex] as YAML.YAMLMap;
  (progress.get('env') as YAML.YAMLMap).set('GATELAB_LANG', lang);
  for (const [key, text] of [
    ['GATELAB_PASSED', t.passed],
    ['GATELAB_FAILING', t.failing],
    ['GATELAB_BROKEN', t.broken],
  ] as const) {
    (progress.get('env') as YAML.YAMLMap).set(key, text);
  }
  progress.set('run', doc.createNode(readFileSync(path.join(TEMPLATES, 'summary.sh'), 'utf8')));
  stepList.items.splice(progressIndex, 0, ...steps.map((s) => doc.createNode(s)));
  return doc.toString({ lineWidth: 0 });
}

/**
 * TEACHER.md: the same guide in every course language, the course's default first, each worded from the catalog's
 * `teacher.guide`; the grader steps (in the export's language) and the points come from the course.
 */
export function teacherGuide(catalog: Catalog, lang: Lang): string {
  const hb = Handlebars.create();
  // A list item's text goes on under its number: every line after the first is indented like the item's code.
  hb.registerHelper('indent', (value: string) => value.replace(/\n/g, '\n   '));
  const template = hb.compile(readFileSync(path.join(TEMPLATES, 'TEACHER.md.hbs'), 'utf8'), {
    strict: true,
    noEscape: true,
  });
  const steps = graderSteps(catalog, lang);
  const points = {
    publicPoints: steps.reduce((s, g) => s + g.points, 0),
    coursePoints: formatMilli(Math.round(catalog.exercises.reduce((s, e) => s + e.points, 0) * 1000)),
  };
  const languages = [catalog.defaultLanguage, ...LANGS.filter((l) => l !== catalog.defaultLanguage)];
  return template({
    jump: languages
      .slice(1)
      .map((l) => lookup(l, 'teacher.guide.jump'))
      .join(' '),
    sections: languages.map((l) => ({
      t: area(l, 'teacher.guide'),
      dashboard: formatMessage(lookup(l, 'teacher.guide.dashboard'), points),
    })),
    deadline: catalog.deadline,
    steps: steps.map((g) => ({ ...g, checks: g.checks.map((c) => `\`${c}\``).join(', ') })),
  });
}

export function exportGithubClassroom(opts: { kitRoot: string; out: string; lang?: Lang }): { files: string[] } {
  const catalog = loadCatalog(opts.kitRoot);
  const lang = opts.lang ?? catalog.defaultLanguage;
  const out = path.resolve(opts.out);
  const workflow = path.join(out, WORKFLOW_PATH);
  const guide = path.join(out, 'TEACHER.md');
  mkdirSync(path.dirname(workflow), { recursive: true });
  writeFileSync(workflow, workflowYaml(catalog, lang));
  writeFileSync(guide, teacherGuide(catalog, lang));
  return { files: [workflow, guide] };
}
