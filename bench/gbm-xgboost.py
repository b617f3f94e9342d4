"""Times XGBoost `hist` (one thread) on rows written by bench/gbm.ts; prints one JSON line.

argv: path of the float64 rows (n × cols, row-major, then the n targets), n, cols, repeats.
The time covers DMatrix construction and xgboost.train (XGBoost bins inside train),
like ours, which bins inside fitGradientBoosting.
"""
import json
import sys
import time

import numpy as np
import xgboost as xgb

path, n, cols, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
raw = np.fromfile(path, dtype=np.float64)
X = raw[: n * cols].reshape(n, cols)
y = raw[n * cols :]
params = {"tree_method": "hist", "nthread": 1, "max_depth": 3, "eta": 0.1, "max_bin": 256, "objective": "reg:squarederror", "lambda": 0, "min_child_weight": 0, "base_score": float(y.mean())}
times = []
for _ in range(repeats):
    t0 = time.perf_counter()
    booster = xgb.train(params, xgb.DMatrix(X, label=y, nthread=1), num_boost_round=100)
    times.append(time.perf_counter() - t0)
p = booster.predict(xgb.DMatrix(X, nthread=1))
r2 = 1 - float(((y - p) ** 2).sum()) / float(((y - y.mean()) ** 2).sum())
print(json.dumps({"seconds": times, "r2": r2, "version": xgb.__version__}))
