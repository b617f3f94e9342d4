/**
 * The PySpark (Spark MLlib) script of a Segments run: the same columns and category encoding,
 * numbers scaled, KMeans over the same k range with the run's seed, and each k's cost and silhouette.
 */
import { scriptText, type ScriptSection } from './pandas-load';
import { commentText, pyList, pyNum, pyStr } from './python-literal';
import type { SegmentExportPlan } from './segment-plan';
import { sparkDerivedSection, sparkLoadSection, sparkSourceSettings } from './spark-load';

/** The sections of the PySpark segments script. */
export function pysparkSegmentSections(plan: SegmentExportPlan): ScriptSection[] {
  const sections = [
    {
      title: 'Imports',
      lines: [
        'import json',
        '',
        'from pyspark.ml.clustering import KMeans',
        'from pyspark.ml.evaluation import ClusteringEvaluator',
        'from pyspark.ml.feature import MinMaxScaler, StandardScaler, VectorAssembler',
        'from pyspark.sql import SparkSession, Window',
        'from pyspark.sql import functions as F',
      ],
    },
    {
      title: 'Settings',
      lines: [
        ...sparkSourceSettings(plan.source),
        `SEED = ${plan.seed}`,
        `K_MIN, K_MAX, K = ${plan.kMin}, ${plan.kMax}, ${plan.k}  # the sweep and the k the app showed`,
        `APP_METRICS = {${Object.entries(plan.reference).map(([k, v]) => `${pyStr(k)}: ${pyNum(v)}`).join(', ')}}  # what the app measured at K`,
      ],
    },
    sparkLoadSection(plan.booleans, plan.textColumns),
    sparkDerivedSection(plan.derived),
    matrixSection(plan),
    sweepSection(plan),
  ];
  return sections.filter((s): s is ScriptSection => s !== null);
}

/** The whole PySpark segments script. */
export function pysparkSegmentScript(plan: SegmentExportPlan): string {
  return scriptText(
    [
      `K-Means segments of ${commentText(plan.source.fileName)} with Spark MLlib: k from ${plan.kMin} to ${plan.kMax}, ${plan.k} shown, seed ${plan.seed}.`,
      'Exported from Customer Intelligence: the same columns, scaling and category encoding as the run in the app.',
      'Run it with spark-submit this_script.py (or python3 with pyspark installed).',
    ],
    pysparkSegmentSections(plan),
  );
}

function matrixSection(plan: SegmentExportPlan): ScriptSection {
  const lines = [
    `NUMERIC = ${pyList(plan.numeric)}`,
    '# (column, kind, levels, share of each level, multiplier): each level a 0/1 column centred on its share and',
    '# multiplied as the app weighs it; a yes/no column is one column (its "yes"); "Other" (last) holds grouped levels.',
    'ENCODED = [',
    ...plan.encodings.map((e) => `    (${pyStr(e.column)}, ${pyStr(e.kind)}, ${pyList(e.levels)}, ${pyList(e.shares)}, ${pyNum(e.scale)}),`),
    ']',
  ];
  if (plan.dates.length) lines.push(`for column in ${pyList(plan.dates)}:  # dates as milliseconds since 1970, as the app holds them`, '    df = df.withColumn(column, F.unix_timestamp(F.col(column)).cast("double") * 1000)');
  lines.push(
    'columns = NUMERIC + [column for column, *_ in ENCODED]',
    'df = df.dropna(subset=columns)  # rows with a missing chosen column are left out, as in the app',
    'encoded = []',
    'for index, (column, kind, levels, shares, multiplier) in enumerate(ENCODED):',
    '    grouped = kind == "onehot" and levels[-1] == "Other"',
    '    kept = levels[:-1] if grouped else levels',
    '    pairs = [(F.col(column) == 1, shares[1])] if kind == "flag" else [(F.col(column) == level, share) for level, share in zip(kept, shares)]',
    '    if grouped:',
    '        pairs.append((~F.col(column).isin(kept), shares[-1]))',
    '    for number, (hit, share) in enumerate(pairs):',
    '        name = f"encoded {index}.{number}"',
    '        df = df.withColumn(name, (hit.cast("double") - share) * multiplier)',
    '        encoded.append(name)',
    'stages = VectorAssembler(inputCols=NUMERIC, outputCol="numbers").transform(df)',
  );
  if (plan.scale === 'standard') {
    lines.push('# Spark divides by the sample standard deviation (n - 1), the app by the population one: a constant factor.', 'stages = StandardScaler(withMean=True, withStd=True, inputCol="numbers", outputCol="scaled").fit(stages).transform(stages)');
  } else if (plan.scale === 'minmax') {
    lines.push('stages = MinMaxScaler(inputCol="numbers", outputCol="scaled").fit(stages).transform(stages)');
  } else lines.push('stages = stages.withColumnRenamed("numbers", "scaled")');
  lines.push('data = VectorAssembler(inputCols=["scaled"] + encoded, outputCol="features").transform(stages).select("features").cache()');
  return { title: 'The matrix KMeans reads', lines };
}

function sweepSection(plan: SegmentExportPlan): ScriptSection {
  return {
    title: 'KMeans over k',
    lines: [
      "# Spark's silhouette uses squared Euclidean distances by default; the app's (and sklearn's) plain Euclidean ones.",
      'evaluator = ClusteringEvaluator(featuresCol="features", predictionCol="prediction", metricName="silhouette", distanceMeasure="squaredEuclidean")',
      'sweep = []',
      'for k in range(K_MIN, K_MAX + 1):',
      `    model = KMeans(featuresCol="features", k=k, seed=SEED, maxIter=300, initMode="k-means||").fit(data)  # the app restarts ${plan.nInit} times per k; Spark fits once`,
      '    score = evaluator.evaluate(model.transform(data))',
      '    sweep.append({"k": k, "inertia": float(model.summary.trainingCost), "silhouette": float(score), "sizes": list(model.summary.clusterSizes)})',
      '    print(f"k = {k:2d}: inertia {sweep[-1][\'inertia\']:12.2f}, silhouette {score:.4f}")',
      'shown = next(s for s in sweep if s["k"] == K)',
      'for name in ["silhouette", "inertia"]:',
      '    app = APP_METRICS.get(name)',
      '    print(f"k = {K}: {name} {shown[name]:.4f}" + ("" if app is None else f"   (app: {app:.4f})"))',
      'print(json.dumps({"k": K, "metrics": {"silhouette": shown["silhouette"], "inertia": shown["inertia"]}, "sweep": sweep}))',
      'spark.stop()',
    ],
  };
}
