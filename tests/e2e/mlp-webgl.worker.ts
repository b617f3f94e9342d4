/**
 * Module worker for the MLP WebGL end-to-end check: trains on seeded synthetic data with the requested
 * backend and posts what happened. Built by mlp-webgl-harness.ts; not part of the app.
 */
import { fitMlp } from '../../src/lib/ml/models/mlp/mlp';
import { Random } from '../../src/lib/ml/core/random';
import type { MlpWorkerRequest, MlpWorkerResult } from './mlp-webgl-harness';

/** Rows driven by one latent factor, like the synthetic data of the timing references: 8 features, y ≈ 425 + 140·z. */
function syntheticRows(rows: number, seed: number): { X: Float64Array; y: Float64Array } {
  const random = new Random(seed);
  const X = new Float64Array(rows * 8);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const z = random.normal();
    for (let j = 0; j < 8; j++) X[i * 8 + j] = 0.99 * z + 0.15 * random.normal();
    y[i] = 425 + 140 * (z + 0.1 * random.normal());
  }
  return { X, y };
}

self.onmessage = async (event: MessageEvent<MlpWorkerRequest>) => {
  const { rows, backend, epochs, batchSize, hiddenLayers } = event.data;
  try {
    const { X, y } = syntheticRows(rows, 1);
    const data = { X: { rows, cols: 8, data: X }, y, task: 'regression' as const };
    const start = performance.now();
    const model = await fitMlp(data, { backend, epochs, batchSize, ...(hiddenLayers && { hiddenLayers }) });
    const seconds = (performance.now() - start) / 1000;
    const p = model.predict(data.X);
    let mean = 0;
    for (let i = 0; i < rows; i++) mean += y[i] / rows;
    let ssRes = 0;
    let ssTot = 0;
    for (let i = 0; i < rows; i++) {
      ssRes += (y[i] - p[i]) ** 2;
      ssTot += (y[i] - mean) ** 2;
    }
    const result: MlpWorkerResult = { backend: model.backend, seconds, r2: 1 - ssRes / ssTot, lossHistory: model.lossHistory };
    self.postMessage(result);
  } catch (error) {
    self.postMessage({ error: `${(error as Error).name}: ${(error as Error).message}` });
  }
};
