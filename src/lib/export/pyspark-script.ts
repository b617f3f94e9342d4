/**
 * The PySpark (Spark MLlib) script of a Predict or Risk cross-validation, for data that needs a
 * cluster: the same label and added columns, median imputation, the app's one-hot levels
 * (StringIndexerModel.from_labels), standardised numbers, the same model family, the app's folds as
 * a fold column, and the same metrics printed (the last line as JSON).
 */
import { modelInfo } from '../ml/models/registry';
import type { FeatureExport, ModelExportPlan } from './export-plan';
import { sparkEstimator } from './model-options';
import { scriptText, type ScriptSection } from './pandas-load';
import { commentText, pyList, pyLongString, pyNum, pyStr } from './python-literal';
import { sparkDerivedSection, sparkLoadSection, sparkSourceSettings } from './spark-load';

/** The sections of the PySpark script. */
export function pysparkModelSections(plan: ModelExportPlan): ScriptSection[] {
  const estimator = sparkEstimator(plan.model, plan.task, plan.modelOptions);
  const evaluators = plan.task === 'regression' ? 'RegressionEvaluator' : 'BinaryClassificationEvaluator, MulticlassClassificationEvaluator';
  const sections = [
    {
      title: 'Imports',
      lines: [
        'import json',
        '',
        'from pyspark.ml import Pipeline',
        `from pyspark.ml.evaluation import ${evaluators}`,
        'from pyspark.ml.feature import Imputer, OneHotEncoder, StandardScaler, StringIndexerModel, VectorAssembler',
        'from pyspark.sql import SparkSession, Window',
        'from pyspark.sql import functions as F',
        ...estimator.imports,
      ],
    },
    { title: 'Settings', lines: [...sparkSourceSettings(plan.source), `SEED = ${plan.seed}`, `APP_METRICS = {${Object.entries(plan.reference).filter(([, v]) => Number.isFinite(v)).map(([k, v]) => `${pyStr(k)}: ${pyNum(v)}`).join(', ')}}  # what the app measured`] },
    sparkLoadSection(plan.booleans, plan.textColumns),
    sparkDerivedSection(plan.derived),
    labelSection(plan),
    featuresSection(plan),
    modelSection(plan),
    foldsAndMetricsSection(plan),
  ];
  return sections.filter((s): s is ScriptSection => s !== null);
}

/** The whole PySpark script. */
export function pysparkModelScript(plan: ModelExportPlan): string {
  return scriptText(
    [
      `${modelInfo[plan.model].label} on ${commentText(plan.source.fileName)} with Spark MLlib: ${plan.task} of ${commentText(plan.target)}, ${plan.splitter}.`,
      'Exported from Customer Intelligence: the same label, features, one-hot levels, folds and seed as the run',
      'in the app, on Spark for data that outgrows one machine. Run it with spark-submit this_script.py',
      '(or python3 with pyspark installed). Spark\'s algorithms differ from the app\'s in the ways noted below.',
    ],
    pysparkModelSections(plan),
  );
}

function labelSection(plan: ModelExportPlan): ScriptSection {
  const { label } = plan;
  if (plan.task === 'regression') return { title: 'The target', lines: [`df = df.withColumn("label", F.col(${pyStr(plan.target)}).cast("double"))`] };
  const lines = [`CLASSES = ${pyList(plan.classes ?? [])}  # label i is CLASSES[i], in the app's order`, `POSITIVE = ${plan.positiveIndex === null ? 'None' : plan.positiveIndex}`];
  if (label?.kind === 'rules') {
    const rule = (r: (typeof label.rules)[number]) => `(F.col(${pyStr(r.column)}) ${r.operator === '=' ? '==' : r.operator} ${typeof r.value === 'number' ? pyNum(r.value) : pyStr(r.value)})`;
    const reads = [...new Set(label.rules.map((r) => r.column))];
    lines.push(
      `# The label ${commentText(label.name)}: 1 where the rules hold, missing where a column they read is missing.`,
      `holds = ${label.rules.map(rule).join(label.combine === 'and' ? ' & ' : ' | ')}`,
      `known = ${reads.map((c) => `F.col(${pyStr(c)}).isNotNull()`).join(' & ')}`,
      'df = df.withColumn("label", F.when(known, holds.cast("double")))',
    );
  } else {
    lines.push(
      'label = F.lit(None).cast("double")',
      'for index, value in enumerate(CLASSES):',
      `    label = F.when(F.col(${pyStr(plan.target)}) == F.lit(value), float(index)).otherwise(label)`,
      'df = df.withColumn("label", label)',
    );
  }
  return { title: 'The label', lines };
}

function featuresSection(plan: ModelExportPlan): ScriptSection {
  const numeric = plan.features.filter((f) => f.kind === 'numeric').map((f) => f.column);
  const dates = plan.features.filter((f) => f.kind === 'date').map((f) => f.column);
  const yesNo = plan.features.filter((f) => f.kind === 'boolean').map((f) => f.column);
  const categorical = plan.features.filter((f): f is Extract<FeatureExport, { kind: 'categorical' }> => f.kind === 'categorical');
  const lines = [`NUMERIC = ${pyList(numeric)}`, `YES_NO = ${pyList(yesNo)}`];
  if (dates.length) {
    lines.push(
      `for column in ${pyList(dates)}:  # dates: days since 1970 and the month`,
      '    when = F.to_date(F.col(column))',
      '    df = df.withColumn(column + " (days)", F.datediff(when, F.lit("1970-01-01")).cast("double")).withColumn(column + " (month)", F.month(when).cast("double"))',
      '    NUMERIC += [column + " (days)", column + " (month)"]',
    );
  }
  lines.push(
    '# Categories: the levels the app kept; any other level is "Other" when the app grouped some, else all zeros.',
    'CATEGORIES = {',
    ...categorical.map((c) => `    ${pyStr(c.column)}: ${pyList(c.hasOther ? [...c.levels, 'Other'] : c.levels)},`),
    '}',
    'for column, levels in CATEGORIES.items():',
    '    if "Other" in levels:',
    '        df = df.withColumn(column, F.when(F.col(column).isin(levels) | F.col(column).isNull(), F.col(column)).otherwise("Other"))',
    '',
    '',
    'def prepare():',
    '    """The feature stages: median (numbers) and mode (yes/no) imputation, one-hot on the app\'s levels, one vector."""',
    '    stages, inputs = [], []',
    '    if NUMERIC:',
    '        imputed = [f"{c} (imputed)" for c in NUMERIC]',
    '        stages += [Imputer(strategy="median", inputCols=NUMERIC, outputCols=imputed), VectorAssembler(inputCols=imputed, outputCol="numbers")]',
  );
  if (plan.scale) {
    lines.push(
      '        # Spark divides by the sample standard deviation (n - 1), the app by the population one: a constant factor.',
      '        stages.append(StandardScaler(withMean=True, withStd=True, inputCol="numbers", outputCol="numbers (scaled)"))',
      '        inputs.append("numbers (scaled)")',
    );
  } else lines.push('        inputs.append("numbers")');
  lines.push(
    '    if YES_NO:',
    '        imputed = [f"{c} (imputed)" for c in YES_NO]',
    '        stages.append(Imputer(strategy="mode", inputCols=YES_NO, outputCols=imputed))',
    '        inputs += imputed',
    '    for index, (column, levels) in enumerate(CATEGORIES.items()):',
    '        # handleInvalid="keep" gives unknown and missing levels the last index, which dropLast leaves out: all zeros.',
    '        # (The app fills a missing level with the most frequent one.)',
    '        stages.append(StringIndexerModel.from_labels(levels, inputCol=column, outputCol=f"category {index}", handleInvalid="keep"))',
    '        stages.append(OneHotEncoder(inputCol=f"category {index}", outputCol=f"one-hot {index}", dropLast=True, handleInvalid="keep"))',
    '        inputs.append(f"one-hot {index}")',
    '    return stages + [VectorAssembler(inputCols=inputs, outputCol="features")]',
  );
  if (categorical.some((c) => c.reference !== null)) lines.push('# The app drops a reference level for unpenalised linear models; Spark keeps every level (its solver copes).');
  return { title: 'Features', lines };
}

function modelSection(plan: ModelExportPlan): ScriptSection {
  const estimator = sparkEstimator(plan.model, plan.task, plan.modelOptions);
  const unsupported = estimator.call === 'None' || (plan.model === 'mlp' && plan.task === 'regression') || (plan.model === 'gbm' && (plan.classes?.length ?? 2) > 2);
  const lines = estimator.notes.map((n) => `# ${n}`);
  if (plan.imbalance !== 'none') lines.push(`# The app rebalanced training folds (${plan.imbalance}); add a weightCol to do the same in Spark.`);
  if (unsupported) {
    lines.push(`raise NotImplementedError(${pyStr(`Spark MLlib has no ${modelInfo[plan.model].label} for this task: pick another model in the app and export again`)})`);
    return { title: 'The model', lines };
  }
  lines.push('', '', 'def make_model(train_rows, feature_count):', '    TRAIN_ROWS, FEATURE_COUNT, CLASS_COUNT = train_rows, feature_count, ' + String(plan.classes?.length ?? 0), `    return ${estimator.call}`);
  return { title: 'The model', lines };
}

function foldsAndMetricsSection(plan: ModelExportPlan): ScriptSection {
  const lines = [
    `# The folds the app drew (${commentText(plan.splitter)}, seed ${plan.seed}): one character per row of the file,`,
    "# the row's fold as a base-36 digit, '.' trains in every fold of the round, '-' is not used.",
    'FOLD_ROUNDS = [',
    ...plan.foldRounds.flatMap((round) => {
      const out = pyLongString(round, '    ');
      out[out.length - 1] += ',';
      return out;
    }),
    ']',
    '',
    '',
    'def fold_metrics(predictions):',
  ];
  if (plan.task === 'regression') {
    lines.push('    evaluate = lambda name: RegressionEvaluator(labelCol="label", predictionCol="prediction", metricName=name).evaluate(predictions)', '    return {"r2": evaluate("r2"), "rmse": evaluate("rmse"), "mae": evaluate("mae")}');
  } else {
    lines.push(
      '    evaluate = lambda name, **more: MulticlassClassificationEvaluator(labelCol="label", predictionCol="prediction", metricName=name, **more).evaluate(predictions)',
      '    scores = {"accuracy": evaluate("accuracy")}',
      '    if POSITIVE is None:',
      "        scores[\"f1\"] = evaluate(\"f1\")  # Spark's f1 is weighted by class size; the app's is the macro average",
      '        return scores',
      '    scores.update(precision=evaluate("precisionByLabel", metricLabel=float(POSITIVE)), recall=evaluate("recallByLabel", metricLabel=float(POSITIVE)), f1=evaluate("fMeasureByLabel", metricLabel=float(POSITIVE)))',
      '    if POSITIVE == 1:',
      '        scores["roc_auc"] = BinaryClassificationEvaluator(labelCol="label", rawPredictionCol="rawPrediction", metricName="areaUnderROC").evaluate(predictions)',
      '    return scores',
    );
  }
  lines.push(
    '',
    '',
    'per_fold = []',
    'for marks in FOLD_ROUNDS:',
    '    if len(marks) != df.count():',
    '        raise SystemExit(f"The file has {df.count()} rows; the run had {len(marks)}. Export again from the app for this file.")',
    '    folds = spark.createDataFrame([(row, mark) for row, mark in enumerate(marks)], ["_row", "_fold"])',
    '    data = df.join(folds, "_row").filter(F.col("_fold") != "-").cache()',
    '    for digit in sorted(set(marks) - {".", "-"}, key=lambda d: int(d, 36)):',
    '        train, test = data.filter(F.col("_fold") != digit), data.filter(F.col("_fold") == digit)',
    '        features = Pipeline(stages=prepare()).fit(train)',
    '        train_rows = features.transform(train)',
    '        model = make_model(train_rows.count(), len(train_rows.first()["features"])).fit(train_rows)',
    '        per_fold.append(fold_metrics(model.transform(features.transform(test))))',
    '        print(f"fold {len(per_fold)}: " + ", ".join(f"{k} {v:.4f}" for k, v in per_fold[-1].items()))',
    '',
    'names = [name for name in per_fold[0] if all(name in m for m in per_fold)]',
    'summary = {name: sum(m[name] for m in per_fold) / len(per_fold) for name in names}',
    'for name in names:',
    '    app = APP_METRICS.get(name)',
    '    print(f"{name:10s} {summary[name]: .4f}" + ("" if app is None else f"   (app: {app:.4f})"))',
    'print(json.dumps({"metrics": summary, "folds": len(per_fold)}))',
    'spark.stop()',
  );
  return { title: 'Cross-validation on the app\'s folds', lines };
}
