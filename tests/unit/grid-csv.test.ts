import { describe, expect, it } from 'vitest';
import { fileStem, gridCsv } from '../../src/lib/io/grid-csv';

describe('tables and charts saved from the page', () => {
  it('writes the cells as shown, quoting commas and neutralising formulas', () => {
    expect(gridCsv(['model', 'R²'], [['Ridge, α = 1', '0.991'], ['=HYPERLINK("x")', '-0.5']])).toBe('model,R²\r\n"Ridge, α = 1",0.991\r\n"\'=HYPERLINK(""x"")",-0.5');
  });

  it('names files from their caption', () => {
    expect(fileStem('Model results: R² by fold', 'table')).toBe('model-results-r²-by-fold');
    expect(fileStem('<script>', 'table')).toBe('script');
    expect(fileStem('***', 'chart')).toBe('chart');
  });
});
