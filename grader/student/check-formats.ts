/**
 * `gatelab check --format markdown|json`: the progress table for machines. Markdown is what the
 * GitHub Classroom workflow appends to $GITHUB_STEP_SUMMARY (a run's summary page renders it);
 * JSON is the same facts for any other tool.
 */
import type { Scored } from '../grade/score';
import { area } from '../shared/messages';
import { formatMilli } from '../shared/points';
import type { CheckResult, Lang } from '../shared/results';

/** Text for a table cell or a line: no pipes or line breaks that would break the Markdown table. */
function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ');
}

export function checkMarkdown(scored: Scored, lang: Lang): string {
  const t = area(lang, 'student.format');
  const lines = [`### ${t.title}`, '', `| | ${t.exercise} | ${t.checks} | ${t.points} |`, '|:-:|---|:-:|:-:|'];
  let passedAll = 0;
  for (const e of scored.exercises) {
    const checks = scored.checks.filter((c) => c.exercise === e.id);
    const passed = checks.filter((c) => c.outcome === 'passed').length;
    passedAll += passed;
    const mark = passed === checks.length ? '✅' : passed > 0 ? '🟡' : '❌';
    lines.push(
      `| ${mark} | ${cell(`${e.id} · ${e.title[lang]}`)} | ${passed}/${checks.length} | ${formatMilli(e.score_milli)}/${formatMilli(e.max_milli)} |`,
    );
  }
  const sum = scored.exercises.reduce((s, e) => s + e.score_milli, 0);
  const max = scored.exercises.reduce((s, e) => s + e.max_milli, 0);
  lines.push(
    `| | **${t.total}** | **${passedAll}/${scored.checks.length}** | **${formatMilli(sum)}/${formatMilli(max)}** |`,
    '',
  );
  const first = scored.checks.find((c) => c.outcome !== 'passed');
  lines.push(...(first ? describe(first, lang) : [t.done]), '');
  return lines.join('\n');
}

function describe(c: CheckResult, lang: Lang): string[] {
  const t = area(lang, 'student.format');
  const out = [`**${t.first}:** ${cell(`${c.exercise} › ${c.id} (${c.title[lang]})`)}`, ''];
  if (c.diagnosis) out.push(`> ${cell(c.diagnosis[lang])}`);
  if (c.hint) out.push(`>`, `> **${t.hint}:** ${cell(c.hint[lang])}`);
  out.push('', `${t.again}: \`npx gatelab check ${c.exercise}\``);
  return out;
}

/** The same facts as JSON: per exercise and per check, points as decimals. */
export function checkJson(scored: Scored, allPassed: boolean): string {
  return JSON.stringify(
    {
      allPassed,
      exercises: scored.exercises.map((e) => ({
        id: e.id,
        score: e.score_milli / 1000,
        max_score: e.max_milli / 1000,
      })),
      checks: scored.checks.map((c) => ({
        exercise: c.exercise,
        id: c.id,
        outcome: c.outcome,
        score: c.score_milli / 1000,
        max_score: c.max_milli / 1000,
        ...(c.diagnosis ? { diagnosis: c.diagnosis } : {}),
        ...(c.hint ? { hint: c.hint } : {}),
      })),
    },
    null,
    2,
  );
}
