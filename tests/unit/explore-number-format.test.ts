/** Years, ids and codes are written as plain digits; quantities and counts with thousands separators. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../src/cli/profile';
import { tableFromArrays, type Column } from '../../src/lib/ml/core/table';
import { axisFormat, columnFormatter, columnStyler, formatColumnValue, formatCount, formatNumber, numberStyleOf } from '../../src/lib/ui/common/number-format';
import { isYearLike } from '../../src/lib/ml/data/years';

const marketing = (await readTable(fileURLToPath(new URL('../../static/data/marketing_campaign.csv', import.meta.url)))).table;
const column = (name: string): Column => marketing.columns.find((c) => c.name === name) as Column;

describe('the marketing file', () => {
  it('Year_Birth (1893–1996) and ID are digits; Income and MntWines are grouped', () => {
    expect(['Year_Birth', 'ID', 'Income', 'MntWines', 'Kidhome'].map((n) => numberStyleOf(column(n)))).toStrictEqual(['digits', 'digits', 'grouped', 'grouped', 'grouped']);
    expect(formatColumnValue(1957, column('Year_Birth'))).toBe('1957');
    // The mean birth year is not a whole number and still has no separator.
    expect(formatColumnValue(1968.8058035714287, column('Year_Birth'))).toBe('1968.81');
    expect(formatColumnValue(5524, column('ID'))).toBe('5524');
    expect(formatColumnValue(58138, column('Income'))).toBe('58,138');
    expect(formatColumnValue(52247.25135379061, column('Income'))).toBe('52,250');
  });
});

describe('what counts as a year or a code', () => {
  it('whole numbers of 1000–2999 with at least 95 % in 1900–2100', () => {
    expect(isYearLike(Float64Array.from([1957, 1954, 1893, 1990, NaN]))).toBe(false); // 1 of 4 outside 1900–2100: 75 %
    expect(isYearLike(Float64Array.from([...Array(19).fill(1970), 1893]))).toBe(true); // 19 of 20: 95 %
    expect(isYearLike(Float64Array.from([2001, 2002.5]))).toBe(false);
    expect(isYearLike(Float64Array.from([1500, 3000]))).toBe(false);
  });

  it('codes by name (zip, postal code) when whole numbers; a quantity of the same digits is grouped', () => {
    const t = tableFromArrays('t', { zip: [90210, 10001, 60614], amount: [90210, 10001, 60614], code_rate: [1.5, 2.5, 3.5] });
    expect(t.columns.map(numberStyleOf)).toStrictEqual(['digits', 'grouped', 'grouped']);
    const fmt = columnFormatter(t);
    expect([fmt('zip', 90210), fmt('amount', 90210), fmt('unknown', 1234.5)]).toStrictEqual(['90210', '90,210', '1,235']);
  });

  it('formats missing and infinite values, fractions to 4 digits, counts grouped', () => {
    expect([formatNumber(NaN, 'grouped'), formatNumber(Infinity, 'digits'), formatNumber(3.14159, 'grouped'), formatNumber(1234567.5, 'grouped')]).toStrictEqual(['—', '∞', '3.142', '1,234,567.5']);
    expect(formatCount(7043)).toBe('7,043');
  });
});

describe('chart axes', () => {
  it('write digit columns as whole digits (Plotly d3 format "d"), quantities with Plotly\'s defaults', () => {
    const styleOf = columnStyler(marketing);
    expect([styleOf('Year_Birth'), styleOf('Income'), styleOf('no such column')]).toStrictEqual(['digits', 'grouped', 'grouped']);
    expect(axisFormat('digits')).toStrictEqual({ tickformat: 'd', hoverformat: 'd' });
    expect(axisFormat('grouped')).toStrictEqual({});
  });
});
