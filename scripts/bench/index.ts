/**
 * `npm run bench`: speed figures, each as a ratio against a baseline measured in the same run
 * (so a slower or busier machine moves both sides). Prints a table and writes out/bench.json.
 * Benchmarks are not tests: nothing here asserts; the goals are printed beside the figures.
 * `npm run bench -- <section>…` runs only those sections; `sections.ts` lists them.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../grader/shared/kit';
import { SECTIONS } from './sections';
import type { Figure } from './timing';

function format(f: Figure): string {
  const v = f.value.toFixed(f.digits ?? (f.unit === '×' ? 2 : 1));
  const goal = f.goal ? `   goal ${f.goal}: ${f.met ? 'met' : 'NOT met'}` : '';
  const note = f.note ? `   ${f.note}` : '';
  return `${f.name.padEnd(58)} ${v.padStart(8)} ${f.unit}${note}${goal}`;
}

async function main(): Promise<void> {
  const sections: Record<string, Figure[]> = {};
  console.log('gatelab bench (ratios are against baselines measured in this run)\n');
  const only = process.argv.slice(2);
  const unknown = only.filter((name) => !(name in SECTIONS));
  if (unknown.length) {
    console.error(`no bench section ${unknown.join(', ')}; the sections are ${Object.keys(SECTIONS).join(', ')}`);
    process.exit(2);
  }
  for (const [name, run] of Object.entries(SECTIONS))
    if (only.length === 0 || only.includes(name)) sections[name] = await run();
  for (const [name, figures] of Object.entries(sections)) {
    console.log(`[${name}]`);
    for (const f of figures) console.log(format(f));
    console.log('');
  }
  const out = path.join(PACKAGE_ROOT, 'out', 'bench.json');
  mkdirSync(path.dirname(out), { recursive: true });
  // A run of some sections keeps the others' last figures, each with the time it was measured.
  const now = new Date().toISOString();
  let previous: Record<string, { measured_at?: string; figures?: Figure[] }> = {};
  try {
    previous = (JSON.parse(readFileSync(out, 'utf8')) as { sections?: typeof previous }).sections ?? {};
  } catch {
    previous = {};
  }
  const merged = {
    ...previous,
    ...Object.fromEntries(Object.entries(sections).map(([k, figures]) => [k, { measured_at: now, figures }])),
  };
  writeFileSync(out, JSON.stringify({ measured_at: now, node: process.version, sections: merged }, null, 2) + '\n');
  console.log(`written: ${path.relative(process.cwd(), out)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
