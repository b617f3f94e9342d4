/** Chart labels that fit: cut with an ellipsis, full text kept as the category; heights with a row per label. */
import { describe, expect, it } from 'vitest';
import { categoryTicks, labelMargin, rowsHeight, truncateLabel } from '../../src/lib/ui/common/axis-labels';

describe('axis labels', () => {
  it('cuts long labels to the limit with an ellipsis and leaves short ones alone', () => {
    const long = 'PaymentMethod_Bank transfer (automatic)';
    expect(truncateLabel(long)).toBe('PaymentMethod_Bank transfer…');
    expect(Array.from(truncateLabel(long)).length).toBeLessThanOrEqual(28);
    expect(truncateLabel('Contract_Month-to-month')).toBe('Contract_Month-to-month');
    expect(truncateLabel('abcdef', 4)).toBe('abc…');
    // never splits a character made of two code units, and trims a space before the ellipsis
    expect(truncateLabel('😀😀😀😀😀', 3)).toBe('😀😀…');
    expect(truncateLabel('ab cd', 4)).toBe('ab…');
  });

  it('ticks keep the full names as values (made safe like the traces) and the cut ones as text', () => {
    const ticks = categoryTicks(['PaymentMethod_Bank transfer (automatic)', 'constructor', 'age']);
    expect(ticks.tickvals).toStrictEqual(['PaymentMethod_Bank transfer (automatic)', '\u200bconstructor', 'age']);
    expect(ticks.ticktext).toStrictEqual(['PaymentMethod_Bank transfer…', 'constructor', 'age']);
    expect(ticks.automargin).toBe(true);
  });

  it('the margin fits the longest cut label (7 px a character + 16), never under the minimum', () => {
    expect(labelMargin(['age'])).toBe(60);
    expect(labelMargin(['x'.repeat(100)])).toBe(28 * 7 + 16);
    expect(labelMargin(['x'.repeat(20)])).toBe(20 * 7 + 16);
  });

  it('heights give every row its pixels: 100 features at 18 px need 1,800 px plus the chrome', () => {
    expect(rowsHeight(100, 18, 130)).toBe(1930);
    expect(rowsHeight(2, 18, 80, 200)).toBe(200);
  });
});
