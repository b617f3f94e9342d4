/**
 * Nodes whose best split is found but not yet made. Depth-first growth takes the last
 * one queued; best-first growth (a leaf budget) takes the one of largest gain.
 */
import { withCapacity } from './array-capacity';

/** Queued splits as parallel arrays; entries are unordered and removed by swapping in the last. */
export class SplitQueue {
  /** Queued splits. */
  length = 0;
  private capacity = 0;
  /** The node to split. */
  node = new Int32Array(0);
  depth = new Int32Array(0);
  /** The node's histogram slot, or -1 when it has none. */
  histogramSlot = new Int32Array(0);
  feature = new Int32Array(0);
  /** Rows with code <= bin go left. */
  bin = new Int32Array(0);
  gain = new Float64Array(0);
  /** Weight (hessian) sum of the left child. */
  leftWeight = new Float64Array(0);
  /** length × nValues value sums of the left child. */
  leftValues = new Float64Array(0);
  /** length × cols flags: 1 where the node's rows all share one bin of that feature (so do its children's). */
  private constants = new Uint8Array(0);

  /**
   * @param nValues values per node: 1 for scalar targets, K for classes
   * @param cols features, for the per-entry constant-feature flags (0: none kept)
   */
  constructor(
    private readonly nValues: number,
    private readonly cols = 0,
  ) {}

  /** Empties the queue, keeping the arrays. */
  clear(): void {
    this.length = 0;
  }

  /** Queues the split of `node` on (feature, bin) with its gain and left-child sums. */
  push(node: number, depth: number, histogramSlot: number, feature: number, bin: number, gain: number, leftWeight: number, leftValues: Float64Array, constant?: Uint8Array): void {
    if (this.length >= this.capacity) this.enlarge();
    const i = this.length++;
    const nValues = this.nValues;
    this.node[i] = node;
    this.depth[i] = depth;
    this.histogramSlot[i] = histogramSlot;
    this.feature[i] = feature;
    this.bin[i] = bin;
    this.gain[i] = gain;
    this.leftWeight[i] = leftWeight;
    for (let k = 0; k < nValues; k++) this.leftValues[i * nValues + k] = leftValues[k];
    const cols = this.cols;
    if (constant) for (let f = 0; f < cols; f++) this.constants[i * cols + f] = constant[f];
  }

  /** Copies entry k's constant-feature flags into `out` (cols). */
  constantFeatures(k: number, out: Uint8Array): void {
    const cols = this.cols;
    for (let f = 0; f < cols; f++) out[f] = this.constants[k * cols + f];
  }

  /** The entry to split next: the last queued, or with `byGain` the first of largest gain. */
  next(byGain: boolean): number {
    let k = this.length - 1;
    if (byGain) for (let i = 0; i < this.length - 1; i++) if (this.gain[i] > this.gain[k]) k = i;
    return k;
  }

  /** Removes entry k, moving the last entry into its place. */
  remove(k: number): void {
    const nValues = this.nValues;
    const last = --this.length;
    if (k === last) return;
    this.node[k] = this.node[last];
    this.depth[k] = this.depth[last];
    this.histogramSlot[k] = this.histogramSlot[last];
    this.feature[k] = this.feature[last];
    this.bin[k] = this.bin[last];
    this.gain[k] = this.gain[last];
    this.leftWeight[k] = this.leftWeight[last];
    this.leftValues.copyWithin(k * nValues, last * nValues, last * nValues + nValues);
    const cols = this.cols;
    this.constants.copyWithin(k * cols, last * cols, last * cols + cols);
  }

  private enlarge(): void {
    const capacity = Math.max(64, this.capacity * 2);
    const nValues = this.nValues;
    this.node = withCapacity(this.node, capacity);
    this.depth = withCapacity(this.depth, capacity);
    this.histogramSlot = withCapacity(this.histogramSlot, capacity);
    this.feature = withCapacity(this.feature, capacity);
    this.bin = withCapacity(this.bin, capacity);
    this.gain = withCapacity(this.gain, capacity);
    this.leftWeight = withCapacity(this.leftWeight, capacity);
    this.leftValues = withCapacity(this.leftValues, capacity * nValues);
    const constants = new Uint8Array(capacity * this.cols);
    constants.set(this.constants);
    this.constants = constants;
    this.capacity = capacity;
  }
}
