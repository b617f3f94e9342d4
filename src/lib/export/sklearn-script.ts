/**
 * The scikit-learn script of a Predict or Risk cross-validation: pandas reads the same file, the
 * label and added columns are built by the same rules, the features go through the same imputation,
 * scaling and one-hot levels, the same model is fitted on the same folds, and the same metrics are
 * printed (the last line as JSON) beside the app's own.
 */
import { modelInfo } from '../ml/models/registry';
import type { FeatureExport, ModelExportPlan } from './export-plan';
import { sklearnEstimator } from './model-options';
import { derivedSection, loadSection, requiredColumnsLines, scriptText, sourceSettings, type ScriptSection } from './pandas-load';
import { commentText, pyList, pyLongString, pyNum, pyStr } from './python-literal';

/** The sections of the scikit-learn script (the notebook's cells). */
export function sklearnModelSections(plan: ModelExportPlan): ScriptSection[] {
  const sections = [
    importsSection(plan),
    { title: 'Settings', lines: [...sourceSettings(plan.source), `SEED = ${plan.seed}`, `APP_METRICS = ${metricsDict(plan.reference)}  # what the app measured`] },
    loadSection(plan.booleans, plan.textColumns),
    derivedSection(plan.derived),
    targetSection(plan),
    featuresSection(plan),
    modelSection(plan),
    foldsSection(plan),
    crossValidationSection(plan),
    reportSection(),
  ];
  return sections.filter((s): s is ScriptSection => s !== null);
}

/** The script's opening words: what it repeats and how to run it. */
export function sklearnModelDocstring(plan: ModelExportPlan): string[] {
  return [
    `${modelInfo[plan.model].label} on ${commentText(plan.source.fileName)}: ${plan.task} of ${commentText(plan.target)}, ${plan.splitter}.`,
    'Exported from Customer Intelligence: the same data, label, features, folds, seed and model',
    'settings as the run in the app. Needs Python 3 with pandas and scikit-learn:',
    '    python3 this_script.py',
    'It prints the mean of each metric over the folds beside the app\'s, then the same as JSON.',
  ];
}

/** The whole scikit-learn script. */
export function sklearnModelScript(plan: ModelExportPlan): string {
  return scriptText(sklearnModelDocstring(plan), sklearnModelSections(plan));
}

function metricsDict(metrics: Record<string, number>): string {
  const entries = Object.entries(metrics).filter(([, v]) => Number.isFinite(v));
  return `{${entries.map(([k, v]) => `${pyStr(k)}: ${pyNum(v)}`).join(', ')}}`;
}

function importsSection(plan: ModelExportPlan): ScriptSection {
  const estimator = sklearnEstimator(plan.model, plan.task, plan.modelOptions);
  const metrics =
    plan.task === 'regression'
      ? 'from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score'
      : 'from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score, roc_auc_score';
  return {
    title: 'Imports',
    lines: [
      'import json',
      'import operator',
      '',
      'import numpy as np',
      'import pandas as pd',
      'from sklearn.compose import ColumnTransformer',
      'from sklearn.impute import SimpleImputer',
      'from sklearn.pipeline import Pipeline',
      'from sklearn.preprocessing import OneHotEncoder, StandardScaler',
      'from sklearn.utils.class_weight import compute_sample_weight',
      metrics,
      ...estimator.imports,
    ],
  };
}

function targetSection(plan: ModelExportPlan): ScriptSection {
  const { label } = plan;
  const labelReads = label?.kind === 'rules' ? label.rules.map((r) => r.column) : [plan.target];
  const lines = requiredColumnsLines([...plan.features.map((f) => f.column), ...labelReads], plan.unreproducible);
  if (plan.task === 'regression') {
    lines.push(`TARGET = ${pyStr(plan.target)}`, 'y_all = pd.to_numeric(df[TARGET], errors="coerce").to_numpy(dtype="float64")');
    return { title: 'The target', lines };
  }
  lines.push(`CLASSES = ${pyList(plan.classes ?? [])}  # in the app's order`);
  lines.push(plan.positiveIndex === null ? 'POSITIVE = None  # several classes: macro averages' : `POSITIVE = ${plan.positiveIndex}  # index of the positive class, ${commentText(String(plan.classes?.[plan.positiveIndex] ?? ''))}`);
  if (label?.kind === 'rules') {
    const reads = [...new Set(label.rules.map((r) => r.column))];
    lines.push(
      `# The label ${commentText(label.name)}: 1 ("yes") where the rules hold, missing where a column they read is missing.`,
      'rules = [',
      ...label.rules.map((r) => `    ${ruleExpression(r.column, r.operator, r.value)},`),
      ']',
      `holds = ${label.combine === 'and' ? 'np.logical_and' : 'np.logical_or'}.reduce([rule.to_numpy(dtype=bool) for rule in rules])`,
      `known = ~df[${pyList(reads)}].isna().any(axis=1).to_numpy()`,
      'y_all = np.where(known, holds.astype("float64"), np.nan)',
    );
  } else {
    lines.push(
      `TARGET = ${pyStr(plan.target)}`,
      'y_all = df[TARGET].map({value: index for index, value in enumerate(CLASSES)}).to_numpy(dtype="float64")',
    );
  }
  return { title: 'The label', lines };
}

/** A rule as a boolean pandas Series (missing cells are False here; `known` marks them). */
function ruleExpression(column: string, operator: string, value: number | string): string {
  const op = operator === '=' ? '==' : operator;
  if (typeof value === 'number') return `(df[${pyStr(column)}] ${op} ${pyNum(value)}).fillna(False)`;
  return `(df[${pyStr(column)}].astype("string") ${op} ${pyStr(value)}).fillna(False).astype(bool)`;
}

function featuresSection(plan: ModelExportPlan): ScriptSection {
  const numeric = plan.features.filter((f) => f.kind === 'numeric').map((f) => f.column);
  const yesNo = plan.features.filter((f) => f.kind === 'boolean').map((f) => f.column);
  const dates = plan.features.filter((f) => f.kind === 'date').map((f) => f.column);
  const categorical = plan.features.filter((f): f is Extract<FeatureExport, { kind: 'categorical' }> => f.kind === 'categorical');
  const lines: string[] = [`NUMERIC = ${pyList(numeric)}`, `YES_NO = ${pyList(yesNo)}`];
  if (dates.length) {
    lines.push(
      '# Dates: days since 1970 and the month, as two numeric features (the app counts days from the earliest',
      '# training date, which standardising or a tree makes the same).',
      `for column in ${pyList(dates)}:`,
      '    when = pd.to_datetime(df[column], errors="coerce", utc=True)',
      '    df[column + " (days)"] = (when - pd.Timestamp(0, tz="UTC")) / pd.Timedelta(days=1)',
      '    df[column + " (month)"] = when.dt.month.astype("float64")',
      '    NUMERIC += [column + " (days)", column + " (month)"]',
    );
  }
  lines.push(
    '# Categories: the levels the app kept (sorted); any other level is "Other" when the app grouped some, else all zeros.',
    '# The app chooses levels on each training fold; these are chosen on all the run\'s rows (they differ only at the 1 % edge).',
    'CATEGORIES = {',
    ...categorical.map((c) => `    ${pyStr(c.column)}: ${pyList(c.hasOther ? [...c.levels, 'Other'] : c.levels)},`),
    '}',
    `REFERENCE = {${categorical.filter((c) => c.reference !== null).map((c) => `${pyStr(c.column)}: ${pyStr(c.reference ?? '')}`).join(', ')}}  # dropped level (unpenalised linear models)`,
    'for column, levels in CATEGORIES.items():',
    '    if "Other" in levels:',
    '        df[column] = df[column].where(df[column].isin(levels) | df[column].isna(), "Other")',
    'FEATURES = NUMERIC + YES_NO + list(CATEGORIES)',
    '',
    '',
    'def prepare():',
    '    """Median imputation' + (plan.scale ? ' and standardising' : '') + ' of numbers, the majority for yes/no, the most frequent level then one-hot for categories."""',
    `    numbers = [("impute", SimpleImputer(strategy="median", add_indicator=${plan.missingIndicators ? 'True' : 'False'}))]`,
  );
  if (plan.scale) lines.push('    numbers.append(("scale", StandardScaler()))');
  lines.push(
    '    parts = [("numeric", Pipeline(numbers), NUMERIC)] if NUMERIC else []',
    '    if YES_NO:',
    `        parts.append(("yes_no", SimpleImputer(strategy="most_frequent", add_indicator=${plan.missingIndicators ? 'True' : 'False'}), YES_NO))`,
    '    for index, (column, levels) in enumerate(CATEGORIES.items()):',
    '        drop = [REFERENCE[column]] if column in REFERENCE else None',
    '        one_hot = OneHotEncoder(categories=[levels], drop=drop, handle_unknown="ignore", sparse_output=False)',
    '        parts.append((f"category_{index}", Pipeline([("impute", SimpleImputer(strategy="most_frequent")), ("one_hot", one_hot)]), [column]))',
    '    return ColumnTransformer(parts)',
  );
  return { title: 'Features', lines };
}

function modelSection(plan: ModelExportPlan): ScriptSection {
  const estimator = sklearnEstimator(plan.model, plan.task, plan.modelOptions);
  const lines = [...estimator.notes.map((n) => `# ${n}`), 'def make_model():', `    return Pipeline([("prepare", prepare()), ("model", ${estimator.call})])`];
  if (plan.imbalance === 'smote') {
    lines.unshift('# The app rebalanced each training fold with SMOTE; install imbalanced-learn and put', '# imblearn.over_sampling.SMOTE(random_state=SEED) between "prepare" and "model" to do the same.');
  }
  const weighted = plan.imbalance === 'balanced-weights' && plan.model !== 'knn' && plan.model !== 'mlp';
  lines.push('', '', `BALANCED_WEIGHTS = ${weighted ? 'True' : 'False'}  # classes weighted by n / (classes * count) in each training fold`);
  return { title: 'The model', lines };
}

function foldsSection(plan: ModelExportPlan): ScriptSection {
  return {
    title: 'The folds the app drew',
    lines: [
      `# ${commentText(plan.splitter)}, seed ${plan.seed}: one character per row of the file, in file order: the row's fold`,
      "# (a base-36 digit), '.' trains in every fold of the round, '-' is not used (no label, or held out).",
      'FOLD_ROUNDS = [',
      ...plan.foldRounds.flatMap((round) => {
        const lines = pyLongString(round, '    ');
        lines[lines.length - 1] += ',';
        return lines;
      }),
      ']',
      '',
      '',
      'def folds():',
      '    """(train rows, test rows) of each fold, in the app\'s order."""',
      '    for marks in FOLD_ROUNDS:',
      '        if len(marks) != len(df):',
      '            raise SystemExit(f"The file has {len(df)} rows; the run had {len(marks)}. Export again from the app for this file.")',
      '        marks = np.array(list(marks))',
      '        used = marks != "-"',
      '        for digit in sorted(set(marks) - {".", "-"}, key=lambda d: int(d, 36)):',
      '            yield np.flatnonzero(used & (marks != digit)), np.flatnonzero(marks == digit)',
    ],
  };
}

function crossValidationSection(plan: ModelExportPlan): ScriptSection {
  const lines = ['def fold_metrics(model, X, y):'];
  if (plan.task === 'regression') {
    lines.push(
      '    predicted = model.predict(X)',
      '    return {"r2": r2_score(y, predicted), "rmse": float(np.sqrt(mean_squared_error(y, predicted))), "mae": mean_absolute_error(y, predicted)}',
    );
  } else {
    lines.push(
      '    predicted = model.predict(X)',
      '    scores = {"accuracy": accuracy_score(y, predicted)}',
      '    if POSITIVE is None:',
      '        for name, metric in [("precision", precision_score), ("recall", recall_score), ("f1", f1_score)]:',
      '            scores[name] = metric(y, predicted, average="macro", zero_division=0)',
      '        return scores',
      '    for name, metric in [("precision", precision_score), ("recall", recall_score), ("f1", f1_score)]:',
      '        scores[name] = metric(y, predicted, pos_label=POSITIVE, zero_division=0)',
      '    classes = list(model.classes_)',
      '    if POSITIVE in classes and len(set(y)) == 2:',
      '        scores["roc_auc"] = roc_auc_score(y == POSITIVE, model.predict_proba(X)[:, classes.index(POSITIVE)])',
      '    return scores',
    );
  }
  lines.push(
    '',
    '',
    'X_all = df[FEATURES]',
    'per_fold = []',
    'for number, (train, test) in enumerate(folds()):',
    '    if np.isnan(y_all[train]).any() or np.isnan(y_all[test]).any():',
    '        raise SystemExit("A row the run used has no target value in this file: is it the same file?")',
    `    y_train, y_test = ${plan.task === 'regression' ? 'y_all[train], y_all[test]' : 'y_all[train].astype(int), y_all[test].astype(int)'}`,
    '    model = make_model()',
    '    fit = {"model__sample_weight": compute_sample_weight("balanced", y_train)} if BALANCED_WEIGHTS else {}',
    '    model.fit(X_all.iloc[train], y_train, **fit)',
    '    per_fold.append(fold_metrics(model, X_all.iloc[test], y_test))',
    '    print(f"fold {number + 1}: " + ", ".join(f"{k} {v:.4f}" for k, v in per_fold[-1].items()))',
  );
  return { title: 'Cross-validation', lines };
}

/** The metric means beside the app's, and the same as one JSON line (shared with the segments script). */
export function reportSection(): ScriptSection {
  return {
    title: 'Results',
    lines: [
      'names = [name for name in per_fold[0] if all(name in m for m in per_fold)]',
      'summary = {name: float(np.mean([m[name] for m in per_fold])) for name in names}',
      'for name in names:',
      '    app = APP_METRICS.get(name)',
      '    print(f"{name:10s} {summary[name]: .4f}" + ("" if app is None else f"   (app: {app:.4f})"))',
      'print(json.dumps({"metrics": summary, "folds": len(per_fold)}))',
    ],
  };
}

