/**
 * The sections every PySpark script starts with: a session, the file read with a row number (the
 * fold lists are by file row), yes/no columns as 0/1, number-coded categories as text, and the
 * added columns from their formulas.
 */
import type { DerivedFormula } from '../ml/features/derived-columns';
import { formulaToSpark, UntranslatedFormula } from './formula-python';
import { commentText, pyStr } from './python-literal';
import type { BooleanColumn, ExportSource } from './export-plan';
import type { ScriptSection } from './pandas-load';

/** The file's name and separator as settings (Spark cannot sniff a separator: a comma unless known). */
export function sparkSourceSettings(source: ExportSource): string[] {
  return [
    `DATA_FILE = ${pyStr(source.fileName)}  # the file the app read; give its path (or an hdfs:// or s3:// URL) here`,
    source.separator === null ? 'SEPARATOR = ","  # not known to the app: set the file\'s separator' : `SEPARATOR = ${pyStr(source.separator)}`,
  ];
}

/** A session, the file with its row numbers in `_row`, yes/no columns as 0/1 and number-coded categories as text. */
export function sparkLoadSection(booleans: readonly BooleanColumn[], textColumns: readonly string[]): ScriptSection {
  const lines = [
    'spark = SparkSession.builder.appName("customer-intelligence-export").getOrCreate()',
    'raw = spark.read.csv(DATA_FILE, header=True, inferSchema=True, sep=SEPARATOR)',
    '# The row number of each line of the file (zipWithIndex keeps the file order), for the folds.',
    'df = raw.rdd.zipWithIndex().map(lambda pair: (*pair[0], pair[1])).toDF(raw.columns + ["_row"])',
  ];
  if (booleans.length) {
    lines.push(
      '',
      '# Yes/no columns as 0/1, read from the words the file uses for each.',
      'YES_NO_WORDS = {',
      ...booleans.map((b) => `    ${pyStr(b.column)}: (${pyStr(b.words[0])}, ${pyStr(b.words[1])}),`),
      '}',
      'for column, (no, yes) in YES_NO_WORDS.items():',
      '    word = F.lower(F.trim(F.col(column).cast("string")))',
      '    zero = word.isin(["false", "0", "0.0", no.strip().lower()])',
      '    one = word.isin(["true", "1", "1.0", yes.strip().lower()])',
      '    df = df.withColumn(column, F.when(one, 1.0).when(zero, 0.0))',
    );
  }
  if (textColumns.length) {
    lines.push(
      '',
      '# Categories written as numbers, compared as text (whole numbers without ".0").',
      `for column in [${textColumns.map(pyStr).join(', ')}]:`,
      '    value = F.col(column)',
      '    df = df.withColumn(column, F.when(value == F.floor(value), value.cast("long").cast("string")).otherwise(value.cast("string")))',
    );
  }
  return { title: 'Read the file', lines };
}

/** The added columns from their formulas; `W` is a window over every row (colmax, zscore). */
export function sparkDerivedSection(derived: readonly DerivedFormula[]): ScriptSection | null {
  if (!derived.length) return null;
  const lines = ['W = Window.partitionBy()  # every row at once, for column-wide values (max, mean); Spark warns it uses one partition'];
  for (const d of derived) {
    lines.push('', `# ${commentText(d.name)} = ${commentText(d.formula)}`);
    try {
      lines.push(`df = df.withColumn(${pyStr(d.name)}, ${formulaToSpark(d.formula)})`);
    } catch (error) {
      if (!(error instanceof UntranslatedFormula)) throw error;
      lines.push(`# Not translated: ${error.message}.`, `raise NotImplementedError(${pyStr(`Compute the column ${d.name} (${d.formula}) here: ${error.message}`)})`);
    }
  }
  lines.push('# Spark keeps x / 0 and log(0) missing as the app does; min() and max() skip a missing input where the app gives a missing value.');
  return { title: 'Added columns, from their formulas', lines };
}
