// Exercise 06's plot in the report: success rate against T for the three cells, the student's curves over the
// reference's, and a linear y axis (the note about a logarithmic axis belongs to 01's plot only).
import { describe, expect, it } from 'vitest';
import { plotSpec } from '../../grader/feedback/plot';
import { loadStrings } from '../../grader/feedback/render';
import { experimentPlot, referenceRuns } from '../../solutions/06-long-memory/experiment-checks';
import { DEFAULT_EXPERIMENT } from '../../solutions/06-long-memory/long-memory';

describe.each(['en', 'ru'] as const)('the long-memory plot in %s', (lang) => {
  const strings = loadStrings(lang);
  const runs = referenceRuns();

  it('has one reference curve per cell, a point per T, and the student curves when given', () => {
    const plot = experimentPlot(runs, runs);
    expect(plot.series.filter((s) => s.source === 'reference').map((s) => s.label)).toEqual(['RNN', 'LSTM', 'GRU']);
    expect(plot.series.filter((s) => s.source === 'student')).toHaveLength(3);
    for (const s of plot.series) expect(s.points.map((p) => p[0])).toEqual(DEFAULT_EXPERIMENT.lengths);
    expect(experimentPlot(null, runs).series).toHaveLength(3);
  });

  it('does not call its y axis logarithmic, while a log₁₀ plot still does', () => {
    const subtitle = (spec: Record<string, unknown>) => (spec.title as { subtitle: string[] }).subtitle;
    const plot = experimentPlot(null, runs);
    const logAxis = ((strings.report as Record<string, unknown>).plot as Record<string, string>).log;
    expect(logAxis.length).toBeGreaterThan(0);
    expect(subtitle(plotSpec(plot, lang, strings))).not.toContain(logAxis);
    const logPlot = { ...plot, yScale: 'log10' as const };
    expect(subtitle(plotSpec(logPlot, lang, strings))).toContain(logAxis);
  });
});
