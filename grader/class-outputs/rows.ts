/** Each student of the class with their validated results, or why there are none. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { catalogMaxMilli, type Catalog } from '../shared/catalog';
import { validateResults } from '../feedback/validate';
import type { Results } from '../shared/results';
import type { StudentEntry } from '../shared/student-entry';

export interface ClassRow {
  id: string;
  name: string;
  /** graded, late, missing, error (the pipeline could not take it), or collect's own status. */
  status: string;
  results: Results | null;
  error?: string;
  maxMilli: number;
}

export function loadRows(out: string, catalog: Catalog, students: StudentEntry[]): ClassRow[] {
  const maxMilli = catalogMaxMilli(catalog);
  return students.map((s) => {
    const dir = path.join(out, s.id);
    const resultsFile = path.join(dir, 'results.json');
    const errorFile = path.join(dir, 'error.txt');
    if (existsSync(resultsFile)) {
      // One student's unreadable results.json (from an older grader, edited by hand) is that student's row, never
      // the end of the class report.
      try {
        const results = validateResults(JSON.parse(readFileSync(resultsFile, 'utf8')), resultsFile);
        const status = results.submission.late_days > 0 ? 'late' : 'graded';
        return { id: s.id, name: s.name, status, results, maxMilli };
      } catch (err) {
        return {
          id: s.id,
          name: s.name,
          status: 'error',
          results: null,
          error: (err as Error).message.split('\n')[0],
          maxMilli,
        };
      }
    }
    if (existsSync(errorFile))
      return {
        id: s.id,
        name: s.name,
        status: 'error',
        results: null,
        error: readFileSync(errorFile, 'utf8').trim(),
        maxMilli,
      };
    return { id: s.id, name: s.name, status: s.dir ? 'not-graded' : s.status, results: null, maxMilli };
  });
}
