import { describe, expect, it } from 'vitest';
import { parseFormula, columnsOf } from '../../src/lib/ml/features/formula/parser';
import { tokenize } from '../../src/lib/ml/features/formula/tokenizer';
import { compileFormula, evaluateFormula } from '../../src/lib/ml/features/formula/evaluate';
import { FormulaError } from '../../src/lib/ml/features/formula/formula-error';
import { lineageOf } from '../../src/lib/ml/features/formula/lineage';
import { tableFromArrays } from '../../src/lib/ml/core/table';

const empty = tableFromArrays('one row', { k: [0] });
const scalar = (src: string) => evaluateFormula(src, empty)[0];

const t = tableFromArrays('t', {
  a: [1, 2, NaN, 4],
  b: [2, 0, 1, -1],
  'annual income': [100, 200, 300, 400],
  region: ['East', 'West', null, 'East'],
});
const ev = (src: string) => Array.from(evaluateFormula(src, t));

function errorOf(fn: () => unknown): FormulaError {
  try {
    fn();
  } catch (e) {
    if (e instanceof FormulaError) return e;
    throw e;
  }
  throw new Error('expected a FormulaError');
}

describe('precedence', () => {
  it('2 + 3 * 4 ^ 2 = 50', () => expect(scalar('2 + 3 * 4 ^ 2')).toBe(50));
  it('unary minus binds looser than ^ (as in Python): -2^2 = -4, (-2)^2 = 4, 2^-1 = 0.5', () => {
    expect(scalar('-2^2')).toBe(-4);
    expect(scalar('(-2)^2')).toBe(4);
    expect(scalar('2^-1')).toBe(0.5);
  });
  it('^ is right-associative; - and / are left-associative', () => {
    expect(scalar('2^3^2')).toBe(512);
    expect(scalar('10 - 4 - 3')).toBe(3);
    expect(scalar('16 / 4 / 2')).toBe(2);
  });
  it('comparisons bind looser than arithmetic, and looser than not, or loosest', () => {
    expect(scalar('1 + 1 == 2')).toBe(1);
    expect(scalar('not 1 > 2')).toBe(1);
    expect(scalar('1 < 2 and 3 < 2 or 1')).toBe(1);
    expect(scalar('0 and 1 or 1')).toBe(1);
    expect(scalar('1 or 0 and 0')).toBe(1);
  });
  it('numbers: decimals, leading dot, exponents', () => {
    expect(scalar('1.5e2 + .5 + 2E-1')).toBeCloseTo(150.7, 12);
  });
});

describe('functions', () => {
  it('log, sqrt, abs, min, max, if', () => {
    expect(scalar('log(1)')).toBe(0);
    expect(scalar('sqrt(16) + abs(-3)')).toBe(7);
    expect(scalar('min(3, 1, 2) + max(3, 1, 2)')).toBe(4);
    expect(scalar('if(2 > 1, 10, 20)')).toBe(10);
    expect(ev('if(b > 0, a, 0 - a)')).toEqual([1, -2, NaN, -4]);
  });
  it('percentile is the percent rank with averaged ties; zscore uses the population std', () => {
    const u = tableFromArrays('u', { x: [10, 20, 20, 5, NaN] });
    expect(Array.from(evaluateFormula('percentile(x)', u))).toEqual([50, 87.5, 87.5, 25, NaN]);
    const z = Array.from(evaluateFormula('zscore(x)', tableFromArrays('z', { x: [1, 2, 3] })));
    const s = Math.sqrt(2 / 3);
    expect(z.map((v) => +v.toFixed(12))).toEqual([-1 / s, 0, 1 / s].map((v) => +v.toFixed(12)));
  });
});

describe('columns, missing values and division by zero', () => {
  it('missing inputs give missing outputs', () => {
    expect(ev('a * 2 + b')).toEqual([4, 4, NaN, 7]);
    expect(ev('a > 1')).toEqual([0, 1, NaN, 1]);
    expect(ev('min(a, b)')).toEqual([1, 0, NaN, -1]);
  });
  it('division by zero and other non-finite results are missing, never Infinity', () => {
    expect(ev('a / b')).toEqual([0.5, NaN, NaN, -4]);
    expect(ev('log(b)')).toEqual([Math.log(2), NaN, 0, NaN]);
    expect(ev('sqrt(b)')).toEqual([Math.SQRT2, 0, 1, NaN]);
    expect(scalar('10 ^ 400')).toBeNaN();
  });
  it('backticks name columns with spaces', () => {
    expect(ev('`annual income` / 100')).toEqual([1, 2, 3, 4]);
    expect(compileFormula('`annual income` / a + a', t).columns).toEqual(['annual income', 'a']);
  });
  it('a categorical column compares with text', () => {
    expect(ev('region == "East"')).toEqual([1, 0, NaN, 1]);
    expect(ev("'West' != region")).toEqual([1, 0, NaN, 1]);
    expect(ev('if(region == "East", a, 0)')).toEqual([1, 0, NaN, 4]);
  });
  it('a single-column formula returns a copy, not the stored array', () => {
    const out = evaluateFormula('a', t);
    out[0] = 99;
    expect(ev('a')[0]).toBe(1);
  });
});

describe('errors say what was expected and point at it', () => {
  it('missing closing parenthesis', () => {
    const e = errorOf(() => parseFormula('(a + b'));
    expect(e.message).toMatch(/Expected "\)" to close the "\(" at character 1 but found the end of the formula/);
    expect(e.index).toBe(6);
    expect(e.message).toContain('(a + b\n      ^');
  });
  it('dangling operator', () => {
    const e = errorOf(() => parseFormula('a + * b'));
    expect(e.message).toMatch(/Expected a number, a column name, a function or "\(" but found "\*"/);
    expect(e.index).toBe(4);
  });
  it('two values without an operator', () => {
    expect(errorOf(() => parseFormula('a b')).index).toBe(2);
    expect(errorOf(() => parseFormula('2x')).message).toMatch(/Expected an operator after the number "2"/);
  });
  it('single "=", "&&", stray characters and unclosed backticks or strings', () => {
    expect(errorOf(() => parseFormula('a = 1')).message).toMatch(/use "=="/);
    expect(errorOf(() => parseFormula('a && b')).message).toMatch(/write "and"/);
    expect(errorOf(() => parseFormula('a # b')).index).toBe(2);
    expect(errorOf(() => parseFormula('`annual income + 1')).message).toMatch(/closing `/);
    expect(errorOf(() => parseFormula('region == "East')).index).toBe(10);
  });
  it('empty formula, chained comparisons, extra ")"', () => {
    expect(errorOf(() => parseFormula('  ')).message).toMatch(/Expected an expression/);
    expect(errorOf(() => parseFormula('1 < a < 3')).message).toMatch(/cannot be chained/);
    expect(errorOf(() => parseFormula('a)')).message).toMatch(/no matching "\("/);
  });
  it('unknown function names it and suggests', () => {
    const e = errorOf(() => parseFormula('sqr(a)'));
    expect(e.message).toMatch(/Unknown function "sqr"\. Did you mean "sqrt"/);
    expect(e.index).toBe(0);
  });
  it('wrong argument count', () => {
    expect(errorOf(() => parseFormula('log(a, 2)')).message).toMatch(/log takes 1 argument, got 2/);
    expect(errorOf(() => parseFormula('if(a, 1)')).message).toMatch(/if takes 3 arguments, got 2/);
    expect(errorOf(() => parseFormula('max(a)')).message).toMatch(/max takes at least 2 arguments, got 1/);
  });
  it('unknown column names it, suggests, and points at it', () => {
    const e = errorOf(() => evaluateFormula('a + `anual income`', t));
    expect(e.message).toMatch(/Unknown column "anual income"\. Did you mean "annual income"/);
    expect(e.index).toBe(4);
  });
  it('categorical columns and text are refused outside a comparison', () => {
    expect(errorOf(() => evaluateFormula('region + 1', t)).message).toMatch(/"region" is categorical.*region == "East"/);
    expect(errorOf(() => evaluateFormula('a == "x"', t)).message).toMatch(/"a" is numeric/);
    expect(errorOf(() => evaluateFormula('"x" + 1', t)).message).toMatch(/can only be compared/);
  });
  it('is an Error named FormulaError', () => {
    const e = errorOf(() => parseFormula('('));
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('FormulaError');
  });
});

describe('tokens and lineage', () => {
  it('keywords, operators and backtick names', () => {
    expect(tokenize('not `a b` <= 2').map((x) => `${x.kind}:${x.text}`)).toEqual(['keyword:not', 'name:a b', 'op:<=', 'number:2', 'end:']);
  });
  it('columns read, each once', () => {
    expect(columnsOf(parseFormula('log(x) + if(y > x, z, 1)'))).toEqual(['x', 'y', 'z']);
  });
  it('lineage follows derived columns to the originals', () => {
    const derived = { ratio: ['spend', 'income'], score: ['ratio', 'age', 'income'] };
    expect(lineageOf('score', derived)).toEqual(['spend', 'income', 'age']);
    expect(lineageOf('ratio', derived)).toEqual(['spend', 'income']);
    expect(lineageOf('age', derived)).toEqual(['age']);
    expect(() => lineageOf('p', { p: ['q'], q: ['p'] })).toThrow(/depends on itself: p → q → p/);
  });
});

describe('formulas a hostile file or user may write', () => {
  it('refuse too deep nesting and too long chains with a message, not a stack overflow', async () => {
    const { parseFormula, maxFormulaNesting, maxFormulaHeight } = await import('../../src/lib/ml/features/formula/parser');
    expect(() => parseFormula('('.repeat(5000) + 'a' + ')'.repeat(5000))).toThrow(new RegExp(`nests more than ${maxFormulaNesting} levels deep`));
    expect(() => parseFormula('-'.repeat(5000) + 'a')).toThrow(/nests more than/);
    expect(() => parseFormula('abs('.repeat(300) + 'a' + ')'.repeat(300))).toThrow(/nests more than/);
    expect(() => parseFormula(Array.from({ length: 5000 }, () => 'a').join(' + '))).toThrow(new RegExp(`chains more than ${maxFormulaHeight} terms`));
    expect(() => parseFormula('('.repeat(50) + 'a' + ')'.repeat(50))).not.toThrow();
  });

  it('a function named like an object key is unknown, not a crash', async () => {
    const { parseFormula } = await import('../../src/lib/ml/features/formula/parser');
    expect(() => parseFormula('constructor(a)')).toThrow(/Unknown function "constructor"/);
    expect(() => parseFormula('__proto__(a)')).toThrow(/Unknown function "__proto__"/);
  });
});
