/** Which TensorFlow.js backend to train on: 'auto' tries WebGL first, then the pure-JS CPU backend. */
export type TfBackendChoice = 'webgl' | 'cpu' | 'auto';

/** The TensorFlow.js module type (the library itself is loaded lazily by `loadTf`). */
export type Tf = typeof import('@tensorflow/tfjs');

let tfModule: Promise<Tf> | undefined;

/**
 * Loads @tensorflow/tfjs once. A dynamic import so that code which only predicts with a saved MLP
 * (plain-JS forward pass) never pulls the ~1 MB library into its bundle.
 */
export function loadTf(): Promise<Tf> {
  tfModule ??= import('@tensorflow/tfjs').then((tf) => {
    // In Node, tfjs prints a banner suggesting tfjs-node on first use; PROD mode only silences
    // tfjs's own warn/log calls (tfjs-core log.ts), no checks are skipped.
    if (tf.env().getBool('IS_NODE')) tf.env().set('PROD', true);
    return tf;
  });
  return tfModule;
}

/**
 * Makes `preferred` the active TensorFlow.js backend and returns the name actually in use.
 * 'webgl' and 'auto' try WebGL (in a worker it needs OffscreenCanvas; Safari lacks it, tfjs #7436)
 * and fall back to 'cpu'; in Node only 'cpu' exists.
 * @param preferred 'auto' (default), 'webgl' or 'cpu'
 */
export async function ensureBackend(preferred: TfBackendChoice = 'auto'): Promise<string> {
  const tf = await loadTf();
  const order = preferred === 'cpu' ? ['cpu'] : ['webgl', 'cpu'];
  const failures: string[] = [];
  for (const name of order) {
    // The WebGL factory is registered only in browsers and workers (tfjs-backend-webgl base.ts).
    if (!tf.findBackendFactory(name)) {
      failures.push(`${name}: not available here`);
      continue;
    }
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return tf.getBackend();
      }
      failures.push(`${name}: initialisation failed`);
    } catch (error) {
      failures.push(`${name}: ${(error as Error).message}`);
    }
  }
  throw new Error(`No TensorFlow.js backend could be started (${failures.join('; ')})`);
}

/** Multiply-adds per training step below which 'auto' trains on the CPU backend (see `pickBackend`). */
export const WEBGL_MIN_STEP_WORK = 1 << 24;

/**
 * Resolves 'auto' by the size of one training step (batch rows × network weights): small tabular nets
 * spend their time in per-op dispatch, texture uploads and shader compiles on WebGL, so the CPU backend
 * is faster there (tfjs #826). Measured in headless Chromium (software GL): WebGL 2.3–6× slower than
 * CPU for 238 and 10,000 rows with the default [100] net (≈ 2·10⁵ multiply-adds a step).
 * @param stepWork batch size × number of weights
 */
export function pickBackend(stepWork: number): 'cpu' | 'auto' {
  return stepWork < WEBGL_MIN_STEP_WORK ? 'cpu' : 'auto';
}
