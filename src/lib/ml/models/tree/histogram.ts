/**
 * Per-node gradient histograms: for every feature and bin, the row count, the weight
 * (hessian) sum and the value sums (one channel for scalar targets, one per class).
 * A split's children get theirs cheaply: build the smaller child's from its rows and
 * subtract it from the parent's to get the larger one's (LightGBM and scikit-learn's
 * HistGradientBoosting), reusing the parent's buffer. Buffers ("slots") are pooled.
 */
import type { BinnedFeatures } from './binning';
import type { GrowSamples } from './grower';
import type { PositionCodes } from './partition';

/** Nodes with fewer samples than this × the bin count scan their own samples, not histograms. */
const DENSE_FACTOR = 2;

/** A pool of histogram buffers for one binned data set, each cols × maxBins × channels. */
export class HistogramPool {
  /** Nodes with at least this many rows get a histogram; smaller ones scan their rows. */
  readonly minRows: number;
  /** Numbers per bin: count, weight sum, then nValues value sums. */
  readonly channels: number;
  /** The left child's slot after `splitChildren` (-1: none). */
  leftSlot = -1;
  /** The right child's slot after `splitChildren` (-1: none). */
  rightSlot = -1;
  /** The codes by sample position, when the grower keeps them (else codes are read by row). */
  positionCodes: PositionCodes | null = null;
  private readonly slotSize: number;
  private readonly slots: Float64Array[] = [];
  private readonly freeSlots: number[] = [];

  /** @param binned the binned training features; @param nValues 1 for scalar targets, K for classes */
  constructor(
    private readonly binned: BinnedFeatures,
    nValues: number,
  ) {
    this.channels = 2 + nValues;
    this.slotSize = binned.cols * binned.maxBins * this.channels;
    this.minRows = Math.max(32, DENSE_FACTOR * binned.maxBins);
  }

  /** A free slot (a new buffer when none is free). */
  take(): number {
    const free = this.freeSlots.pop();
    if (free !== undefined) return free;
    this.slots.push(new Float64Array(this.slotSize));
    return this.slots.length - 1;
  }

  /** Returns `slot` to the pool. */
  release(slot: number): void {
    this.freeSlots.push(slot);
  }

  /** The buffer of `slot`: feature f, bin b, channel c at (f × maxBins + b) × channels + c. */
  histogram(slot: number): Float64Array {
    return this.slots[slot];
  }

  /** Fills `slot` with the histogram of the rows at positions [from, to) of `samples`. */
  build(slot: number, samples: GrowSamples, from: number, to: number): void {
    const histogram = this.slots[slot];
    const { cols, nBins, maxBins } = this.binned;
    const byPosition = this.positionCodes !== null;
    const rowCodes = this.positionCodes ? this.positionCodes.bytes : this.binned.rowCodes;
    const stride = this.positionCodes ? this.positionCodes.stride : cols;
    const channels = this.channels;
    const { rows, h, v, cls } = samples;
    for (let f = 0; f < cols; f++) histogram.fill(0, f * maxBins * channels, (f * maxBins + nBins[f]) * channels);
    const featureStride = maxBins * channels;
    if (cls) {
      for (let p = from; p < to; p++) {
        const rowBase = (byPosition ? p : rows[p]) * stride;
        const weight = h[p];
        const classChannel = 2 + cls[p];
        for (let f = 0, featureBase = 0; f < cols; f++, featureBase += featureStride) {
          const o = featureBase + rowCodes[rowBase + f] * channels;
          histogram[o] += 1;
          histogram[o + 1] += weight;
          histogram[o + classChannel] += weight;
        }
      }
    } else {
      // Scalar targets have 3 channels; the literal keeps the index arithmetic constant.
      for (let p = from; p < to; p++) {
        const rowBase = (byPosition ? p : rows[p]) * stride;
        const weight = h[p];
        const value = v[p];
        for (let f = 0, featureBase = 0; f < cols; f++, featureBase += featureStride) {
          const o = featureBase + rowCodes[rowBase + f] * 3;
          histogram[o] += 1;
          histogram[o + 1] += weight;
          histogram[o + 2] += value;
        }
      }
    }
  }

  /**
   * Gives the children [start, mid) and [mid, end) of the node holding `parentSlot` their
   * histograms, in leftSlot and rightSlot: the smaller child's built from its rows, the
   * larger's by subtraction in the parent's buffer. A child under minRows gets none (-1).
   */
  splitChildren(parentSlot: number, samples: GrowSamples, start: number, mid: number, end: number): void {
    this.leftSlot = -1;
    this.rightSlot = -1;
    const leftCount = mid - start;
    const rightCount = end - mid;
    const isLeftSmaller = leftCount <= rightCount;
    if (Math.max(leftCount, rightCount) < this.minRows) {
      this.release(parentSlot);
      return;
    }
    let smallSlot = this.take();
    if (isLeftSmaller) this.build(smallSlot, samples, start, mid);
    else this.build(smallSlot, samples, mid, end);
    this.subtract(this.slots[parentSlot], this.slots[smallSlot]);
    if (Math.min(leftCount, rightCount) < this.minRows) {
      this.release(smallSlot);
      smallSlot = -1;
    }
    this.leftSlot = isLeftSmaller ? smallSlot : parentSlot;
    this.rightSlot = isLeftSmaller ? parentSlot : smallSlot;
  }

  /** parent −= small over every feature's used bins. */
  private subtract(parent: Float64Array, small: Float64Array): void {
    const { cols, nBins, maxBins } = this.binned;
    const channels = this.channels;
    for (let f = 0; f < cols; f++) {
      const to = (f * maxBins + nBins[f]) * channels;
      for (let i = f * maxBins * channels; i < to; i++) parent[i] -= small[i];
    }
  }
}
