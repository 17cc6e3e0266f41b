/**
 * The harness's own diagnosis texts (templates/strings.*.json, namespace "diagnosis"): both languages hold the same
 * keys and placeholders, a 1-D result is located "at index k" in the shape it has, and the list of wrong and right
 * outputs reads as it should.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Matrix } from '../../exercises/lib/matrix';
import { CheckTools } from '../../grader/harness/check-tools';
import type { GradingContext } from '../../grader/harness/context';
import { outputsText } from '../../grader/harness/diagnosis-text';
import { text } from '../../grader/shared/messages';
import { PACKAGE_ROOT } from '../../grader/shared/kit';

const namespace = (lang: string) =>
  (
    JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'templates', `strings.${lang}.json`), 'utf8')) as {
      diagnosis: Record<string, string>;
    }
  ).diagnosis;
const placeholders = (value: string) => [...value.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

const CONTEXT: GradingContext = {
  mode: 'grade',
  staging: '',
  seed: '00',
  limits: { callMs: 1, totalMs: 1, memoryMb: 1 },
  compileErrors: {},
  freshFixtures: {},
};
const tools = () =>
  new CheckTools(
    '01-vanishing-gradient',
    'chain-gradient',
    () => {
      throw new Error('no module in this test');
    },
    CONTEXT,
  );

describe('the "diagnosis" namespace of the message catalog', () => {
  it('has the same keys and placeholders in English and Russian, and Russian text in Russian', () => {
    const en = namespace('en');
    const ru = namespace('ru');
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) {
      expect(placeholders(ru[key]), key).toEqual(placeholders(en[key]));
      expect(ru[key], key).toMatch(/[а-яё]/i);
    }
  });

  it('fills placeholders and refuses a key that does not exist', () => {
    expect(text('diagnosis.unproven', { fns: 'gruStep' }).en).toContain('here these are not: gruStep.');
    expect(() => text('diagnosis.no-such-key')).toThrow(/diagnosis\.no-such-key/);
  });
});

describe('where a result differs, in its own shape', () => {
  it('a 1-D result says "at index k"', () => {
    const t = tools();
    t.case(t.vector('chainGradient', [1, 2, 3, 4, 9], [1, 2, 3, 4, 5]));
    const record = t.record(0);
    expect(record.diagnosis?.en).toBe(
      'chainGradient differs from the correct value in 1 of 5 entries (the worst at index 4).',
    );
    expect(record.diagnosis?.ru).toContain('с индексом 4');
  });

  it('a matrix keeps [row, column]', () => {
    const t = tools();
    t.case(t.matrix('dbf', Matrix.from([[1, 2, 9]]), Matrix.from([[1, 2, 3]])));
    expect(t.record(0).diagnosis?.en).toMatch(/the worst at \[0, 2\]/);
  });
});

describe('wrong and right outputs, listed together', () => {
  it('names both lists when some outputs are right', () => {
    const said = outputsText('forgetGateBackward', ['dx', 'dhPrev'], ['dWfx', 'dbf']);
    expect(said.en).toBe(
      'In forgetGateBackward, these outputs are wrong: dx, dhPrev; these are right: dWfx, dbf. So look at the lines that compute only the wrong ones.',
    );
    expect(said.ru).toContain('неверны: dx, dhPrev; верны: dWfx, dbf');
  });

  it('says so when every output is wrong', () => {
    expect(outputsText('gruBackward', ['dxs', 'dh0'], []).en).toMatch(/every output is wrong \(dxs, dh0\)/);
  });
});
