"""scikit-learn's side of `npm run bench -- kmeans`, one thread; answers one JSON line per request.

Started once by bench/kmeans.ts, it reads requests from stdin, one per line, so the bench can
interleave our fits and scikit-learn's seed by seed (machine load then hits both alike):
  version                answers {"version"}
  load PATH N D          float64 rows (n × d, row-major) written by the bench; answers {"version"}
  fit K SEED             KMeans(K, n_init=1, lloyd, k-means++, tol 1e-4, random_state=SEED) on
                         the loaded rows; answers {"seconds", "iterations", "inertia"}
  silhouette PATH M D    silhouette_score of M rows (m × d float64, then m labels as float64);
                         answers {"seconds", "value"}
The fit time covers what ours covers: the whole `fit` (validation, copy, k-means++, Lloyd, labels).
"""
import json
import sys
import time

import numpy as np
from sklearn import __version__
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_limits

rows = None
with threadpool_limits(limits=1):
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "version":
            answer = {"version": __version__}
        elif words[0] == "load":
            n, d = int(words[2]), int(words[3])
            rows = np.fromfile(words[1], dtype=np.float64).reshape(n, d)
            answer = {"version": __version__}
        elif words[0] == "fit":
            k, seed = int(words[1]), int(words[2])
            t0 = time.perf_counter()
            model = KMeans(n_clusters=k, n_init=1, algorithm="lloyd", init="k-means++", tol=1e-4, random_state=seed).fit(rows)
            seconds = time.perf_counter() - t0
            answer = {"seconds": seconds, "iterations": int(model.n_iter_), "inertia": float(model.inertia_)}
        elif words[0] == "silhouette":
            m, d = int(words[2]), int(words[3])
            raw = np.fromfile(words[1], dtype=np.float64)
            sample, labels = raw[: m * d].reshape(m, d), raw[m * d :].astype(np.int64)
            t0 = time.perf_counter()
            value = silhouette_score(sample, labels)
            answer = {"seconds": time.perf_counter() - t0, "value": float(value)}
        else:
            answer = {"error": f"unknown request {words[0]}"}
        print(json.dumps(answer), flush=True)
