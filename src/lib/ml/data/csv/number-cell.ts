/**
 * Reading a number from a cell: plain decimals and exponents, and the
 * formatted numbers of spreadsheets and exports: `1,200.50`, `$1,200`,
 * `-€3.5`, `(1,200)` for a negative amount, `12%` stays text.
 */

const formatted = /^([+-]?)[$€£¥]?([+-]?)(\d{1,3}(?:,\d{3})+|\d*)(\.\d*)?[$€£¥]?$/;

function isPlainStart(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 43;
}

/** Exact powers of ten: a mantissa below 2^53 divided by one of them is correctly rounded (Clinger's fast path). */
const powersOfTen = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * Plain `[-+]digits[.digits]` with at most 15 digits, read without `Number()`:
 * several times faster on the short sliced strings a tokenizer makes. NaN when the cell is anything else.
 */
function parseSimpleDecimal(cell: string, n: number): number {
  let i = 0;
  let c = cell.charCodeAt(0);
  const isNegative = c === 45;
  if (isNegative || c === 43) i = 1;
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < n; i++) {
    c = cell.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
    } else if (c === 46 && fraction < 0) {
      fraction = i;
    } else {
      return NaN;
    }
  }
  if (digits === 0 || digits > 15) return NaN;
  const v = fraction < 0 ? mantissa : mantissa / powersOfTen[n - 1 - fraction];
  return isNegative ? (v === 0 ? 0 : -v) : v;
}

/** Is `c` the char code of a digit? */
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Is the cell a code written in digits rather than a quantity: a leading zero before another digit
 * (`0042`, zip codes such as `02134`) or more than 15 digits (card numbers, which a double cannot
 * hold exactly)? Such cells stay text, so `0001` is never read as 1.
 */
export function isDigitCode(cell: string): boolean {
  let i = 0;
  while (cell.charCodeAt(i) === 32) i++;
  if (cell.charCodeAt(i) === 45 || cell.charCodeAt(i) === 43) i++;
  if (cell.charCodeAt(i) === 48 && isDigit(cell.charCodeAt(i + 1))) return true;
  if (cell.length - i <= 15) return false;
  let digits = 0;
  for (let j = i; j < cell.length; j++) {
    const c = cell.charCodeAt(j);
    if (isDigit(c)) digits++;
    else if (c !== 32) return false;
  }
  return digits > 15;
}

/** The cell's number, or NaN when the cell is not a number (missing cells and digit codes are not numbers either). */
export function parseNumberCell(cell: string): number {
  const n = cell.length;
  if (n === 0) return NaN;
  const c = cell.charCodeAt(0);
  if ((c === 48 || c === 45 || c === 43 || c === 32 || n > 15) && isDigitCode(cell)) return NaN;
  if (n <= 17) {
    const v = parseSimpleDecimal(cell, n);
    if (v === v) return v;
  }
  if (isPlainStart(c)) {
    const v = +cell;
    // `+` also reads hex, binary and octal literals ("0x1A"): only a digit, '.', 'e' may follow a leading 0.
    if (v - v === 0 && (c !== 48 || n === 1 || isDecimalSecond(cell.charCodeAt(1)))) return v;
  }
  return parseFormattedNumber(cell);
}

function isDecimalSecond(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 32;
}

/** Thousands separators, a currency sign, surrounding blanks or accounting parentheses; NaN otherwise. */
function parseFormattedNumber(cell: string): number {
  let s = cell.trim();
  let sign = 1;
  if (s.length > 2 && s.charCodeAt(0) === 40 && s.charCodeAt(s.length - 1) === 41) {
    s = s.slice(1, -1).trim();
    sign = -1;
  }
  const m = formatted.exec(s);
  if (!m || (m[1] && m[2])) return NaN;
  const digits = m[3].replace(/,/g, '');
  const fraction = m[4] ?? '';
  if (digits === '' && fraction.length < 2) return NaN;
  const v = Number(digits + fraction);
  return (m[1] === '-' || m[2] === '-' ? -sign : sign) * v;
}
