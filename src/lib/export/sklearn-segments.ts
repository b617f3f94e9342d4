/**
 * The scikit-learn script of a Segments run: the same columns scaled the same way, categorical and
 * yes/no columns encoded with the run's levels, shares and multipliers, K-Means over the same k range
 * with the same restarts and seed, and the inertia and silhouette of each k, the shown k's last as JSON.
 */
import type { SegmentExportPlan } from './segment-plan';
import { derivedSection, loadSection, requiredColumnsLines, scriptText, sourceSettings, type ScriptSection } from './pandas-load';
import { commentText, pyList, pyNum, pyStr } from './python-literal';

const scalers = { standard: 'StandardScaler()', minmax: 'MinMaxScaler()', none: null } as const;

/** The sections of the segments script (the notebook's cells). */
export function sklearnSegmentSections(plan: SegmentExportPlan): ScriptSection[] {
  const sections = [
    {
      title: 'Imports',
      lines: ['import json', 'import operator', '', 'import numpy as np', 'import pandas as pd', 'from sklearn.cluster import KMeans', 'from sklearn.metrics import silhouette_score', 'from sklearn.preprocessing import MinMaxScaler, StandardScaler'],
    },
    {
      title: 'Settings',
      lines: [
        ...sourceSettings(plan.source),
        `SEED = ${plan.seed}`,
        `K_MIN, K_MAX, K = ${plan.kMin}, ${plan.kMax}, ${plan.k}  # the sweep and the k the app showed`,
        `N_INIT = ${plan.nInit}  # K-Means restarts per k (k-means++ starts)`,
        `APP_METRICS = {${Object.entries(plan.reference).map(([k, v]) => `${pyStr(k)}: ${pyNum(v)}`).join(', ')}}  # what the app measured at K`,
      ],
    },
    loadSection(plan.booleans, plan.textColumns),
    derivedSection(plan.derived),
    matrixSection(plan),
    sweepSection(),
  ];
  return sections.filter((s): s is ScriptSection => s !== null);
}

/** The segments script's opening words. */
export function sklearnSegmentDocstring(plan: SegmentExportPlan): string[] {
  return [
    `K-Means segments of ${commentText(plan.source.fileName)}: k from ${plan.kMin} to ${plan.kMax}, ${plan.k} shown, seed ${plan.seed}.`,
    'Exported from Customer Intelligence: the same columns, scaling, category encoding, restarts and seed',
    'as the run in the app. Needs Python 3 with pandas and scikit-learn:',
    '    python3 this_script.py',
    'It prints the inertia and silhouette of every k, then the shown k\'s as JSON.',
  ];
}

/** The whole segments script. */
export function sklearnSegmentScript(plan: SegmentExportPlan): string {
  return scriptText(sklearnSegmentDocstring(plan), sklearnSegmentSections(plan));
}

function matrixSection(plan: SegmentExportPlan): ScriptSection {
  const scaler = scalers[plan.scale];
  const lines = [
    ...requiredColumnsLines([...plan.numeric, ...plan.encodings.map((e) => e.column)], []),
    `NUMERIC = ${pyList(plan.numeric)}`,
    '# Categorical and yes/no columns: (column, kind, levels, share of each level, multiplier). Each level is a',
    '# 0/1 column centred on its share and multiplied so that the column counts as the app weighs it;',
    '# a yes/no column is one column (its "yes"); levels the app grouped are "Other" (the last level).',
    'ENCODED = [',
    ...plan.encodings.map((e) => `    (${pyStr(e.column)}, ${pyStr(e.kind)}, ${pyList(e.levels)}, ${pyList(e.shares)}, ${pyNum(e.scale)}),`),
    ']',
  ];
  if (plan.dates.length) {
    lines.push(`for column in ${pyList(plan.dates)}:  # dates as the app holds them: milliseconds since 1970`, '    df[column] = (pd.to_datetime(df[column], errors="coerce", utc=True) - pd.Timestamp(0, tz="UTC")) / pd.Timedelta(milliseconds=1)');
  }
  lines.push(
    'GROUPED = {column: kind == "onehot" and levels[-1] == "Other" for column, kind, levels, _, _ in ENCODED}',
    'columns = NUMERIC + [column for column, *_ in ENCODED]',
    '# Rows with a missing value in any chosen column are left out, as in the app.',
    'clustered = df[columns].notna().all(axis=1).to_numpy()',
    `numbers = df.loc[clustered, NUMERIC].to_numpy(dtype="float64")`,
    scaler ? `parts = [${scaler}.fit_transform(numbers)] if NUMERIC else []` : 'parts = [numbers] if NUMERIC else []',
    'for column, kind, levels, shares, multiplier in ENCODED:',
    '    values = df.loc[clustered, column]',
    '    if kind == "flag":',
    '        indicators = [(values == 1).to_numpy()]',
    '        shares = shares[1:]',
    '    else:',
    '        kept = levels[:-1] if GROUPED[column] else levels',
    '        indicators = [(values == level).to_numpy() for level in kept]',
    '        if GROUPED[column]:',
    '            indicators.append((~values.isin(kept)).to_numpy())',
    '    parts.append((np.column_stack(indicators).astype("float64") - np.array(shares)) * multiplier)',
    'X = np.column_stack(parts)',
    `print(f"{len(X)} rows clustered (the app clustered ${plan.rows}), {X.shape[1]} columns")`,
  );
  return { title: 'The matrix K-Means reads', lines };
}

function sweepSection(): ScriptSection {
  return {
    title: 'K-Means over k',
    lines: [
      '# Above 10,000 rows the app scores the silhouette on a 10,000-row sample, as silhouette_score(sample_size=...) does.',
      'sample = 10_000 if len(X) > 10_000 else None',
      'sweep = []',
      'for k in range(K_MIN, K_MAX + 1):',
      '    fit = KMeans(n_clusters=k, n_init=N_INIT, random_state=SEED).fit(X)',
      '    score = silhouette_score(X, fit.labels_, sample_size=sample, random_state=0)',
      '    sweep.append({"k": k, "inertia": float(fit.inertia_), "silhouette": float(score), "sizes": np.bincount(fit.labels_).tolist()})',
      '    print(f"k = {k:2d}: inertia {fit.inertia_:12.2f}, silhouette {score:.4f}")',
      'shown = next(s for s in sweep if s["k"] == K)',
      'for name in ["silhouette", "inertia"]:',
      '    app = APP_METRICS.get(name)',
      '    print(f"k = {K}: {name} {shown[name]:.4f}" + ("" if app is None else f"   (app: {app:.4f})"))',
      'print(json.dumps({"k": K, "metrics": {"silhouette": shown["silhouette"], "inertia": shown["inertia"]}, "sweep": sweep}))',
    ],
  };
}
