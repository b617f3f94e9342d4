/**
 * User text in generated Python: every string Python reads back from `pyStr` is the original, and no
 * header can end a string or a comment. Formulas: our formula language as pandas gives the values
 * our own evaluator gives, row by row (missing where ours is missing).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableFromArrays } from '../../../src/lib/ml/core/table';
import { evaluateFormula } from '../../../src/lib/ml/features/formula/evaluate';
import { formulaToPandas, formulaToSpark, pandasFormulaHelpers, UntranslatedFormula } from '../../../src/lib/export/formula-python';
import { commentText, pyLongString, pyNum, pyStr } from '../../../src/lib/export/python-literal';
import { hasPython, hasSklearn, python } from './python-env';

const dir = mkdtempSync(join(tmpdir(), 'export-literals-'));

const hostile = [
  "it's",
  'say "hi"',
  'back\\slash',
  "'''; import os; os.system('echo pwned') #",
  'line\nbreak',
  'carriage\rreturn',
  'tab\there',
  'nul\u0000byte',
  'line\u2028separator',
  'para\u2029graph',
  'bom\ufeff',
  'größe € 日本',
  'emoji 😀',
  'lone \ud800 surrogate',
  '',
  '\\',
  "'",
];

describe('pyStr', () => {
  it('writes quotes, backslashes and control characters as escapes, on one line', () => {
    expect(pyStr("it's")).toBe("'it\\'s'");
    expect(pyStr('a\\b')).toBe("'a\\\\b'");
    expect(pyStr('a\nb')).toBe("'a\\nb'");
    expect(pyStr('a\u2028b')).toBe("'a\\u2028b'");
    expect(pyStr('a\u0000b')).toBe("'a\\x00b'");
    expect(pyStr('größe')).toBe("'größe'");
    for (const text of hostile) expect(pyStr(text)).not.toMatch(/[\n\r\u2028\u2029]/);
  });

  it('numbers: integers as integers, the non-finite ones as float()', () => {
    expect([pyNum(3), pyNum(0.5), pyNum(NaN), pyNum(Infinity), pyNum(-Infinity), pyNum(-0)]).toStrictEqual(['3', '0.5', "float('nan')", "float('inf')", "-float('inf')", '-0.0']);
  });

  it('comments keep plain text and quote anything else', () => {
    expect(commentText('group k-fold (5)')).toBe('group k-fold (5)');
    expect(commentText('a\nimport os')).toBe("'a\\nimport os'");
  });

  it('long strings split into adjacent literals', () => {
    expect(pyLongString('abcdef', '', 4)).toStrictEqual(['(', "    'abcd'", "    'ef'", ')']);
  });

  it.skipIf(!hasPython)('Python reads every hostile string back as it was', () => {
    const file = join(dir, 'literals.py');
    writeFileSync(file, ['import json', `values = [${hostile.map(pyStr).join(', ')}]`, `# ${hostile.map(commentText).join(' ')}`, 'print(json.dumps(values))', ''].join('\n'));
    const read = JSON.parse(execFileSync(python, [file], { encoding: 'utf8' })) as string[];
    expect(read).toStrictEqual(hostile);
  });
});

const formulas = [
  'a / b',
  'a + b * 2 - 1',
  'a ^ 2',
  '-a ^ 2',
  'log(a)',
  'sqrt(a - 3)',
  'abs(b - a)',
  'min(a, b)',
  'max(a, b, 4)',
  'if(a > 2, a, b)',
  'not (a > 2) and b < 3',
  'a >= 2 or b != 0',
  'zscore(a)',
  'percentile(a)',
  'colmax(b)',
  'region == "North"',
  '`odd name` * 2',
];

describe('formulas as Python', () => {
  it('functions without a translation say so', () => {
    expect(() => formulaToSpark('percentile(a)')).toThrow(UntranslatedFormula);
    expect(formulaToSpark('a / b')).toBe("F.when(F.col('b') != 0, F.col('a') / F.col('b'))");
    expect(formulaToPandas('`odd name` + 1')).toBe("_finite(_num(df['odd name']) + _num(1))");
  });

  it.skipIf(!hasSklearn)('pandas gives our evaluator’s values on every row, missing ones included', () => {
    const data = {
      a: [1, 2, 3, NaN, 5, 0, 2],
      b: [2, 0, 1, 4, NaN, 3, 2],
      region: ['North', 'South', null, 'North', 'East', 'North', 'West'],
      'odd name': [1.5, 2.5, NaN, 0, -1, 3, 2],
    };
    const table = tableFromArrays('t.csv', data, { region: 'categorical' });
    const csv = ['a,b,region,odd name', ...data.a.map((_, i) => [data.a[i], data.b[i], data.region[i], data['odd name'][i]].map((v) => (v === null || Number.isNaN(v) ? '' : String(v))).join(','))].join('\n');
    const csvFile = join(dir, 'formulas.csv');
    writeFileSync(csvFile, csv + '\n');
    const file = join(dir, 'formulas.py');
    writeFileSync(
      file,
      [
        'import json, operator',
        'import numpy as np',
        'import pandas as pd',
        `df = pd.read_csv(${pyStr(csvFile)})`,
        ...pandasFormulaHelpers,
        `values = [${formulas.map(formulaToPandas).join(', ')}]`,
        'print(json.dumps([[None if pd.isna(v) else float(v) for v in _num(value)] for value in values]))',
        '',
      ].join('\n'),
    );
    const theirs = JSON.parse(execFileSync(python, [file], { encoding: 'utf8' })) as (number | null)[][];
    formulas.forEach((formula, f) => {
      const ours = Array.from(evaluateFormula(formula, table), (v) => (Number.isNaN(v) ? null : v));
      expect(theirs[f].length, formula).toBe(ours.length);
      theirs[f].forEach((v, i) => {
        if (ours[i] === null) expect(v, `${formula} row ${i}`).toBeNull();
        else expect(v, `${formula} row ${i}`).toBeCloseTo(ours[i] as number, 10);
      });
    });
  });
});
