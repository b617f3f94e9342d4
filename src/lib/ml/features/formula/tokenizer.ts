/**
 * Splits a formula into tokens: numbers, names (bare or in `backticks`), strings in
 * double or single quotes, operators and punctuation. `and`, `or`, `not` are keywords.
 */
import { FormulaError } from './formula-error';

/** Kinds of token. */
export type TokenKind = 'number' | 'name' | 'string' | 'op' | 'keyword' | '(' | ')' | ',' | 'end';

/** One token with its position in the source. */
export interface Token {
  kind: TokenKind;
  /** The operator or keyword, the name (without backticks), the string contents, or the number's text. */
  text: string;
  /** Numeric value of a number token. */
  value: number;
  /** 0-based index of the first character. */
  start: number;
}

const keywords = new Set(['and', 'or', 'not']);
const twoCharOps = new Set(['<=', '>=', '==', '!=']);
const oneCharOps = new Set(['+', '-', '*', '/', '^', '<', '>']);

function isNameStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function isNamePart(c: string): boolean {
  return isNameStart(c) || (c >= '0' && c <= '9') || c === '.';
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/** The tokens of `source`, ending with an 'end' token; throws FormulaError on a character it cannot read. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, text: string, start: number, value = NaN) => tokens.push({ kind, text, value, start });
  while (i < source.length) {
    const c = source[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(c) || (c === '.' && isDigit(source[i + 1] ?? ''))) {
      while (isDigit(source[i] ?? '')) i++;
      if (source[i] === '.') {
        i++;
        while (isDigit(source[i] ?? '')) i++;
      }
      if ((source[i] === 'e' || source[i] === 'E') && (isDigit(source[i + 1] ?? '') || ((source[i + 1] === '+' || source[i + 1] === '-') && isDigit(source[i + 2] ?? '')))) {
        i += 2;
        while (isDigit(source[i] ?? '')) i++;
      }
      if (isNameStart(source[i] ?? '')) throw new FormulaError(`Expected an operator after the number "${source.slice(start, i)}" but found "${source[i]}"`, i, source);
      const text = source.slice(start, i);
      push('number', text, start, Number(text));
      continue;
    }
    if (isNameStart(c)) {
      while (i < source.length && isNamePart(source[i])) i++;
      const text = source.slice(start, i);
      push(keywords.has(text) ? 'keyword' : 'name', text, start);
      continue;
    }
    if (c === '`' || c === '"' || c === "'") {
      const close = source.indexOf(c, i + 1);
      if (close < 0) throw new FormulaError(c === '`' ? 'Expected a closing ` after the column name' : `Expected a closing ${c} after the text`, start, source);
      const text = source.slice(i + 1, close);
      if (c === '`' && text.trim() === '') throw new FormulaError('Expected a column name between the backticks', start, source);
      push(c === '`' ? 'name' : 'string', text, start);
      i = close + 1;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (twoCharOps.has(two)) {
      push('op', two, start);
      i += 2;
      continue;
    }
    if (oneCharOps.has(c)) {
      push('op', c, start);
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      push(c, c, start);
      i++;
      continue;
    }
    if (c === '=') throw new FormulaError('Unexpected "="; use "==" to compare', start, source);
    if (c === '&' || c === '|' || c === '!') {
      const word = c === '&' ? 'and' : c === '|' ? 'or' : 'not';
      throw new FormulaError(`Unexpected "${c}"; write "${word}"`, start, source);
    }
    throw new FormulaError(`Unexpected character "${c}"`, start, source);
  }
  push('end', '', source.length);
  return tokens;
}
