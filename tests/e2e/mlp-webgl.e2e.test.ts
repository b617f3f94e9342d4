import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startMlpHarness, type MlpHarness } from './mlp-webgl-harness';

let harness: MlpHarness;

beforeAll(async () => {
  harness = await startMlpHarness();
});
afterAll(async () => {
  await harness?.close();
});

describe('MLP training in a Chromium module worker', () => {
  test('gets the WebGL backend (OffscreenCanvas) and trains on it', async () => {
    const result = await harness.fit({ rows: 238, backend: 'webgl', epochs: 30, batchSize: 64 });
    expect(result.backend).toBe('webgl');
    expect(result.lossHistory).toHaveLength(30);
    // On the CPU backend the same fit goes from 0.58 to 0.0085 (training R² 0.98).
    expect(result.lossHistory[29]).toBeLessThan(result.lossHistory[0] / 10);
    expect(result.r2).toBeGreaterThan(0.95);
  });

  test('WebGL and CPU learn the same seeded model up to float32 rounding', async () => {
    const request = { rows: 238, epochs: 20, batchSize: 64 };
    const webgl = await harness.fit({ ...request, backend: 'webgl' });
    const cpu = await harness.fit({ ...request, backend: 'cpu' });
    expect([webgl.backend, cpu.backend]).toStrictEqual(['webgl', 'cpu']);
    for (let epoch = 0; epoch < 20; epoch++) {
      expect(Math.abs(webgl.lossHistory[epoch] - cpu.lossHistory[epoch])).toBeLessThan(1e-3 * cpu.lossHistory[epoch]);
    }
  });

  test("'auto' keeps small nets on the CPU and sends big training steps to WebGL", async () => {
    const small = await harness.fit({ rows: 238, backend: 'auto', epochs: 1, batchSize: 200 });
    // 256 rows × (8·256 + 256·256 + 256) weights ≈ 1.7·10⁷ multiply-adds a step: over the WebGL threshold.
    const big = await harness.fit({ rows: 256, backend: 'auto', epochs: 1, batchSize: 256, hiddenLayers: [256, 256] });
    expect([small.backend, big.backend]).toStrictEqual(['cpu', 'webgl']);
  });
});
