/**
 * The runs file: every recorded run as one JSON document, to keep, move to another browser or
 * import back. Importing reads each run on its own: good runs come in, each bad one is named
 * with its reason, and a file that is not a runs file at all is refused in one sentence.
 */
import { readRunRecord } from './read-record';
import type { RunRecord } from './run-record';

/** What the file says it is. */
export const runsFileFormat = 'customer-intelligence-runs';

/** The runs file version this code writes and reads. */
export const runsFileVersion = 1;

/** The runs file's content. */
export interface RunsFile {
  format: typeof runsFileFormat;
  version: typeof runsFileVersion;
  /** ISO time of the export. */
  exportedAt: string;
  appVersion: string;
  runs: RunRecord[];
}

/** The runs as the text of a runs file (NaN is written as null, as JSON does). */
export function runsToJson(runs: readonly RunRecord[], options: { appVersion: string; exportedAt?: Date }): string {
  const file: RunsFile = {
    format: runsFileFormat,
    version: runsFileVersion,
    exportedAt: (options.exportedAt ?? new Date()).toISOString(),
    appVersion: options.appVersion,
    runs: [...runs],
  };
  return JSON.stringify(file, null, 1);
}

/** The runs read from a file, and why any run was left out. */
export interface ReadRuns {
  runs: RunRecord[];
  /** One sentence per run that could not be read ("run 3: metrics[0].mean must be a number"). */
  problems: string[];
}

/**
 * Reads a runs file (or a bare list of runs). Throws a sentence when the text is not a runs file;
 * runs that do not fit are reported in `problems` and left out.
 */
export function runsFromJson(text: string): ReadRuns {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('This file is not JSON: export runs from the Experiments page to get a file that imports.');
  }
  let list: unknown;
  if (Array.isArray(parsed)) list = parsed;
  else if (typeof parsed === 'object' && parsed !== null && (parsed as { format?: unknown }).format === runsFileFormat) {
    const file = parsed as { version?: unknown; runs?: unknown };
    if (file.version !== runsFileVersion) throw new Error(`This runs file is version ${String(file.version)}; this app reads version ${runsFileVersion}.`);
    list = file.runs;
  } else {
    throw new Error('This JSON file holds no runs: a runs file is what “Export runs” on the Experiments page writes.');
  }
  if (!Array.isArray(list)) throw new Error('This runs file has no list of runs.');
  const runs: RunRecord[] = [];
  const problems: string[] = [];
  list.forEach((value, i) => {
    try {
      runs.push(readRunRecord(value));
    } catch (error) {
      problems.push(`run ${i + 1}: ${(error as Error).message}`);
    }
  });
  return { runs, problems };
}
