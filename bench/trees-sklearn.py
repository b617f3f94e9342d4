"""Times scikit-learn's RandomForestRegressor (n_jobs=1) on rows written by bench/trees.ts; prints one JSON line.

argv: one JSON object:
  train, n, cols   float64 file: n × cols rows (row-major), then the n targets
  test, nTest      the same layout for held-out rows (R² of the last fit on them)
  nEstimators, maxDepth (null: unlimited), minSamplesLeaf, repeats
  folds            optional int32 file of n fold ids 0..4: instead of fits on all rows, times one
                   5-fold cross-validation (the row copies included, like ours) and reports the fold R²s
Wall and CPU seconds (time.process_time) are both reported. The forest uses scikit-learn's regression defaults, as ours does: all features per split
(max_features=1.0), bootstrap, random_state=0. Only the fit (or the CV loop) is timed.
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import RandomForestRegressor


def load(path, n, cols):
    raw = np.fromfile(path, dtype=np.float64)
    return raw[: n * cols].reshape(n, cols), raw[n * cols : n * cols + n]


def r2(y, p):
    return 1 - float(((y - p) ** 2).sum()) / float(((y - y.mean()) ** 2).sum())


spec = json.loads(sys.argv[1])
X, y = load(spec["train"], spec["n"], spec["cols"])
make = lambda: RandomForestRegressor(
    n_estimators=spec["nEstimators"],
    max_depth=spec.get("maxDepth"),
    min_samples_leaf=spec.get("minSamplesLeaf", 1),
    max_features=1.0,
    bootstrap=True,
    n_jobs=1,
    random_state=0,
)
out = {"version": sklearn.__version__, "seconds": [], "cpuSeconds": []}
if spec.get("folds"):
    fold = np.fromfile(spec["folds"], dtype=np.int32)
    for _ in range(spec["repeats"]):
        t0, c0 = time.perf_counter(), time.process_time()
        scores = []
        for f in range(5):
            train, test = fold != f, fold == f
            model = make().fit(X[train], y[train])
            scores.append(r2(y[test], model.predict(X[test])))
        out["seconds"].append(time.perf_counter() - t0)
        out["cpuSeconds"].append(time.process_time() - c0)
    out["cvR2"] = scores
else:
    for _ in range(spec["repeats"]):
        model = make()
        t0, c0 = time.perf_counter(), time.process_time()
        model.fit(X, y)
        out["seconds"].append(time.perf_counter() - t0)
        out["cpuSeconds"].append(time.process_time() - c0)
    Xt, yt = load(spec["test"], spec["nTest"], spec["cols"])
    out["r2"] = r2(yt, model.predict(Xt))
    out["leaves"] = float(np.mean([e.get_n_leaves() for e in model.estimators_]))
print(json.dumps(out))
