/**
 * The weather days, parsed once per process: every student's suites (public and hidden) read the same file, and
 * parsing and checking 1 461 lines costs tens of milliseconds each time. Keyed by the file's path, size and
 * modification time, so a changed file is read again. Callers must not change the days they get.
 */
import { statSync } from 'node:fs';
import { loadSeattle, SEATTLE_FILE, type WeatherDay } from '../../datasets/weather';

const cache = new Map<string, readonly WeatherDay[]>();

export function seattleDays(file = SEATTLE_FILE): readonly WeatherDay[] {
  const st = statSync(file);
  const key = `${file}\u0000${st.size}\u0000${st.mtimeMs}`;
  let days = cache.get(key);
  if (!days) {
    days = Object.freeze(loadSeattle(file).map((d) => Object.freeze(d)));
    cache.set(key, days);
  }
  return days;
}
