/**
 * The bench sections by name, in the order a full `npm run bench` runs them. A new section is a file of its own
 * in this folder exporting one async function that returns figures, plus one line here.
 */
import type { Figure } from './timing';
import { checkFigures } from './check';
import { classFigures } from './class';
import { diagnosisFigures } from './diagnosis';
import { forecastFigures } from './forecast';
import { hostileFigures } from './hostile';
import { longMemoryFigures } from './long-memory';
import { lstmFigures } from './lstm';

export const SECTIONS: Record<string, () => Promise<Figure[]>> = {
  lstm: lstmFigures,
  forecast: forecastFigures,
  class: () => classFigures(),
  check: checkFigures,
  hostile: hostileFigures,
  diagnosis: diagnosisFigures,
  'long-memory': longMemoryFigures,
};
