import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBlob } from '../../src/lib/io/csv-stream';
import { parseCsvBytes } from '../../src/lib/ml/data/csv/parse-text';
import { profileTable } from '../../src/lib/ml/data/profile';
import { runJob } from '../../src/lib/runs/local';
import { makeRunConfig } from '../../src/lib/runs/run-config';

const api = { parseFile: parseBlob };

const dataDir = new URL('../../static/data/', import.meta.url);

async function failure(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('streaming parse of a Blob (PapaParse), as the parse job runs it', () => {
  for (const file of ['customer_purchasing_behaviors.csv', 'marketing_campaign.csv']) {
    it(`gives the same table as parseCsvText for ${file}, with small chunks and progress`, async () => {
      const bytes = readFileSync(new URL(file, dataDir));
      const progress: number[] = [];
      const outcome = await api.parseFile(new Blob([bytes]), file, (read, total) => progress.push(read / total), { chunkBytes: 4096 });
      expect(outcome).toEqual(parseCsvBytes(bytes, file));
      expect(progress.at(-1)).toBe(1);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
    });
  }

  it('keeps multi-byte characters cut by a chunk boundary', async () => {
    const text = 'city,n\n' + Array.from({ length: 200 }, (_, i) => `Málaga€${i},${i}`).join('\n');
    const bytes = new TextEncoder().encode(text);
    const outcome = await api.parseFile(new Blob([bytes]), 'utf8.csv', undefined, { chunkBytes: 7 });
    expect(outcome).toEqual(parseCsvBytes(bytes, 'utf8.csv'));
    const city = outcome.table.columns[0];
    expect(city.storage === 'category' && city.dictionary.every((v) => !v.includes('\ufffd'))).toBe(true);
  });

  it('reads quoted fields across chunks, demotes late contradictions and stops at the row limit', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => `${i % 10},"note, ${i}\nsecond line"`);
    rows.push('late,"x"');
    const text = ['n,note', ...rows].join('\r\n');
    const options = { chunkBytes: 64, sampleRows: 20 };
    const outcome = await api.parseFile(new Blob([text]), 'q.csv', undefined, options);
    const expected = parseCsvBytes(new TextEncoder().encode(text), 'q.csv', options);
    // Line numbers differ where quoted fields span lines (Papa reports records, not lines).
    expect(outcome.table).toEqual(expected.table);
    expect(outcome.table.columns[0].type).toBe('categorical');
    const limited = await api.parseFile(new Blob([text]), 'q.csv', undefined, { ...options, maxRows: 100 });
    expect(limited.table.rowCount).toBe(100);
    expect(limited.warnings.at(-1)).toMatch(/only the first 100 rows were loaded/);
  });

  it('refuses binary files and reads Latin-1 like the CLI', async () => {
    const png = readFileSync(new URL('../fixtures/bad/image.png.csv', import.meta.url));
    const error = await failure(() => api.parseFile(new Blob([png]), 'image.png.csv'));
    expect(error.name).toBe('ParseError');
    expect(error.message).toMatch(/^image\.png\.csv is a PNG image/);
    const latin1 = readFileSync(new URL('../fixtures/bad/latin1.csv', import.meta.url));
    expect(await api.parseFile(new Blob([latin1]), 'latin1.csv')).toEqual(parseCsvBytes(latin1, 'latin1.csv'));
  });

  it('names the file and the problem for an empty file or a header alone', async () => {
    expect((await failure(() => api.parseFile(new Blob([]), 'e.csv'))).message).toMatch(/^e\.csv is empty/);
    expect((await failure(() => api.parseFile(new Blob(['a,b\n']), 'h.csv'))).message).toBe('h.csv has a header but no data rows.');
  });
});

describe("the 'parse' job", () => {
  it('reads a Blob and profiles its columns, with progress in bytes', async () => {
    const bytes = readFileSync(new URL('customer_purchasing_behaviors.csv', dataDir));
    const steps: string[] = [];
    const parsed = await runJob(makeRunConfig('parse', { name: 'c.csv', options: { chunkBytes: 2048 } }), new Blob([bytes]), { onProgress: (_d, _t, note) => void steps.push(note ?? '') });
    expect(parsed.table).toEqual(parseCsvBytes(bytes, 'c.csv').table);
    expect(parsed.profiles).toEqual(profileTable(parsed.table));
    expect(steps.at(-1)).toBe('profiling');
    expect(steps).toContain('reading');
  });
});
