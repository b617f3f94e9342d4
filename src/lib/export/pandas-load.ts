/**
 * The sections every pandas script starts with: reading the file as the app read it, yes/no columns
 * as 0/1, number-coded categories as text, and the added columns from their formulas.
 */
import type { DerivedFormula } from '../ml/features/derived-columns';
import { formulaToPandas, pandasFormulaHelpers, UntranslatedFormula } from './formula-python';
import { commentText, pyStr } from './python-literal';
import type { BooleanColumn, ExportSource } from './export-plan';

/** A section of a script: a notebook cell, or a block of the script. */
export interface ScriptSection {
  /** What it does, one line (the notebook's markdown above the cell). */
  title: string;
  lines: string[];
}

/** The file's name and separator as settings at the top of a script. */
export function sourceSettings(source: ExportSource): string[] {
  return [
    `DATA_FILE = ${pyStr(source.fileName)}  # the file the app read; give its path here`,
    source.separator === null ? 'SEPARATOR = None  # not known: pandas sniffs it' : `SEPARATOR = ${pyStr(source.separator)}`,
  ];
}

/** Reads the file, turns yes/no columns into 0/1 and number-coded categories into text. */
export function loadSection(booleans: readonly BooleanColumn[], textColumns: readonly string[]): ScriptSection {
  const lines = [
    '# Read every cell as the app did: blank cells are missing.',
    'if SEPARATOR is None:',
    '    df = pd.read_csv(DATA_FILE, sep=None, engine="python")',
    'else:',
    '    df = pd.read_csv(DATA_FILE, sep=SEPARATOR)',
  ];
  if (booleans.length) {
    lines.push(
      '',
      '# Yes/no columns as 0/1, read from the words the file uses for each.',
      'YES_NO_WORDS = {',
      ...booleans.map((b) => `    ${pyStr(b.column)}: (${pyStr(b.words[0])}, ${pyStr(b.words[1])}),`),
      '}',
      'for column, (no, yes) in YES_NO_WORDS.items():',
      '    words = {"false": 0.0, "true": 1.0, "0": 0.0, "1": 1.0, "0.0": 0.0, "1.0": 1.0}',
      '    words.update({no.strip().lower(): 0.0, yes.strip().lower(): 1.0})',
      '    df[column] = df[column].astype("string").str.strip().str.lower().map(words).astype("float64")',
    );
  }
  if (textColumns.length) {
    lines.push(
      '',
      '# Categories written as numbers: compared as the text the app shows ("3", not 3.0).',
      'def as_text(value):',
      '    if pd.isna(value) or isinstance(value, str):',
      '        return value',
      '    return str(int(value)) if float(value).is_integer() else repr(float(value))',
      '',
      '',
      `for column in [${textColumns.map(pyStr).join(', ')}]:`,
      '    df[column] = df[column].map(as_text)',
    );
  }
  return { title: 'Read the file', lines };
}

/** The added columns, each from its formula (or a clear stop where a formula has no translation). */
export function derivedSection(derived: readonly DerivedFormula[]): ScriptSection | null {
  if (!derived.length) return null;
  const lines = ['# Helpers that keep the app\'s formula rules: not finite (x / 0) is missing, missing in gives missing out.', ...pandasFormulaHelpers, ''];
  for (const d of derived) {
    lines.push('', `# ${commentText(d.name)} = ${commentText(d.formula)}`);
    try {
      lines.push(`df[${pyStr(d.name)}] = ${formulaToPandas(d.formula)}`);
    } catch (error) {
      if (!(error instanceof UntranslatedFormula)) throw error;
      lines.push(`# Not translated: ${error.message}.`, `raise NotImplementedError(${pyStr(`Compute the column ${d.name} (${d.formula}) here: ${error.message}`)})`);
    }
  }
  return { title: 'Added columns, from their formulas', lines };
}

/** Stops with a clear message when the file lacks a column the run reads; names the columns no script can make. */
export function requiredColumnsLines(required: readonly string[], unreproducible: readonly string[]): string[] {
  const lines = unreproducible.length
    ? [`# The app made ${unreproducible.map(commentText).join(', ')} by hand (e.g. merged categories), with no formula to repeat: add ${unreproducible.length > 1 ? 'them' : 'it'} to the file.`]
    : [];
  return [
    ...lines,
    `REQUIRED = [${[...new Set(required)].map(pyStr).join(', ')}]`,
    'lacking = [column for column in REQUIRED if column not in df.columns]',
    'if lacking:',
    '    raise SystemExit(f"The file lacks the columns {lacking} that the run reads.")',
  ];
}

/** A script's text from its sections: a docstring, then each section under a comment with its title. */
export function scriptText(docstring: readonly string[], sections: readonly ScriptSection[]): string {
  const doc = ['"""', ...docstring.map((l) => l.replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"')), '"""'];
  const body = sections.flatMap((s) => ['', '', `# ---- ${s.title} ----`, ...s.lines]);
  return [...doc, ...body].join('\n') + '\n';
}
