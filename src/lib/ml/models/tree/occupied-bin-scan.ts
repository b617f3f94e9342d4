/**
 * Split scans of small nodes, which dominate fully grown forests: instead of walking
 * every bin of a histogram (255 bins × d for a 3-row node), sum the node's own rows into
 * the bins they occupy, sort those bins and scan only them. A stamp per bin marks the bins
 * touched by the current scan, so the sums never need clearing. A regression forest's scan of
 * every feature runs in its WebAssembly kernel instead (forest-scan.ts), with the same result.
 */
import type { Random } from '../../core/random';
import type { BestSplit } from './best-split';
import type { BinnedFeatures } from './binning';
import type { ForestScanKernel } from './forest-scan';
import type { GrowOptions, GrowSamples } from './grower';
import type { PositionCodes } from './partition';

/** Stamps wrap to 0 (clearing the stamp arrays) before they pass this. */
const MAX_STAMP = 0x3fffffff;

/** Scans of the bins a node's rows occupy, one feature or all at once; results go to `best`. */
export class OccupiedBinScan {
  private readonly channels: number;
  /** One feature: per bin, count, weight sum and value sums (channels per bin). */
  private readonly binSums: Float64Array;
  /** One feature: the stamp of the scan that last touched each bin. */
  private readonly binStamp = new Int32Array(256);
  private stamp = 0;
  /** One feature: the bins occupied, in order of first touch, then sorted. */
  private readonly occupiedBins = new Int32Array(256);
  /** All features: sums of bin b of feature f at ((f << 8) | b) × channels. */
  private readonly featureBinSums: Float64Array;
  /** All features: stamp per (f << 8) | b. */
  private readonly featureBinStamp: Int32Array;
  private featureStamp = 0;
  /** All features: the occupied bins of feature f from index f << 8. */
  private readonly featureOccupiedBins: Int32Array;
  /** All features: how many bins of each feature are occupied. */
  private readonly occupiedCount: Int32Array;
  /** All features: the features scanned at the current node (not known to be constant). */
  private readonly activeFeatures: Int32Array;
  private readonly leftValues: Float64Array;
  private samples!: GrowSamples;
  private options!: GrowOptions;
  private random!: Random;
  private positionCodes: PositionCodes | null = null;

  /**
   * @param binned the binned features; @param nValues 1 or K; @param best where splits are offered
   * @param kernel the WebAssembly scan of every feature, used when the samples' weights and values are its arrays
   */
  constructor(
    private readonly binned: BinnedFeatures,
    private readonly nValues: number,
    private readonly best: BestSplit,
    private readonly kernel: ForestScanKernel | null = null,
  ) {
    this.channels = 2 + nValues;
    this.binSums = new Float64Array(256 * this.channels);
    this.featureBinStamp = new Int32Array(binned.cols * 256);
    this.featureBinSums = new Float64Array(binned.cols * 256 * this.channels);
    this.featureOccupiedBins = new Int32Array(binned.cols * 256);
    this.occupiedCount = new Int32Array(binned.cols);
    this.activeFeatures = new Int32Array(binned.cols);
    this.leftValues = new Float64Array(nValues);
  }

  /**
   * Starts a tree on `samples` with `options`; `random` breaks ties (in the kernel: BestSplit draws
   * its own); `positionCodes`, when given, holds the codes by position.
   */
  begin(samples: GrowSamples, options: GrowOptions, random: Random, positionCodes: PositionCodes | null = null): void {
    this.samples = samples;
    this.options = options;
    this.random = random;
    this.positionCodes = positionCodes;
    this.kernel?.limits(options);
  }

  /** Scans feature f over the rows [start, end); returns whether they occupy two bins or more. */
  scanFeature(f: number, start: number, end: number, weightSum: number, valueSums: Float64Array, parentScore: number): boolean {
    const channels = this.channels;
    const sums = this.binSums;
    const binStamp = this.binStamp;
    const occupied = this.occupiedBins;
    const best = this.best;
    if (this.stamp > MAX_STAMP) {
      binStamp.fill(0);
      this.stamp = 0;
    }
    const stamp = ++this.stamp;
    const code = this.binned.codes[f];
    const { rows, h, v, cls } = this.samples;
    let binsUsed = 0;
    const byPosition = this.positionCodes;
    const positionBytes = byPosition ? byPosition.bytes : code;
    const stride = byPosition ? byPosition.stride : 0;
    if (cls) {
      for (let p = start; p < end; p++) {
        const b = byPosition ? positionBytes[p * stride + f] : code[rows[p]];
        const o = b * channels;
        if (binStamp[b] !== stamp) {
          binStamp[b] = stamp;
          occupied[binsUsed++] = b;
          for (let c = 0; c < channels; c++) sums[o + c] = 0;
        }
        sums[o] += 1;
        sums[o + 1] += h[p];
        sums[o + 2 + cls[p]] += h[p];
      }
    } else {
      for (let p = start; p < end; p++) {
        const b = byPosition ? positionBytes[p * stride + f] : code[rows[p]];
        const o = b * 3;
        if (binStamp[b] !== stamp) {
          binStamp[b] = stamp;
          occupied[binsUsed++] = b;
          sums[o] = 1;
          sums[o + 1] = h[p];
          sums[o + 2] = v[p];
        } else {
          sums[o] += 1;
          sums[o + 1] += h[p];
          sums[o + 2] += v[p];
        }
      }
    }
    if (binsUsed < 2) return false;
    if (binsUsed <= 24) {
      for (let i = 1; i < binsUsed; i++) {
        const x = occupied[i];
        let j = i - 1;
        while (j >= 0 && occupied[j] > x) {
          occupied[j + 1] = occupied[j];
          j--;
        }
        occupied[j + 1] = x;
      }
    } else {
      occupied.subarray(0, binsUsed).sort();
    }
    const count = end - start;
    let leftCount = 0;
    let leftWeight = 0;
    if (!cls) {
      const { minSamplesLeaf, minChildWeight, l2 } = this.options;
      const totalValue = valueSums[0];
      let leftValue = 0;
      for (let i = 0; i < binsUsed - 1; i++) {
        const b = occupied[i];
        const o = b * 3;
        leftCount += sums[o];
        leftWeight += sums[o + 1];
        leftValue += sums[o + 2];
        if (leftCount < minSamplesLeaf) continue;
        if (count - leftCount < minSamplesLeaf) break;
        const rightWeight = weightSum - leftWeight;
        if (leftWeight <= minChildWeight || rightWeight <= minChildWeight) continue;
        const rightValue = totalValue - leftValue;
        const gain = (leftValue * leftValue) / (leftWeight + l2) + (rightValue * rightValue) / (rightWeight + l2) - parentScore;
        if (gain > best.floor) best.offerScalar(f, b, gain, leftWeight, leftValue);
      }
      return true;
    }
    const leftValues = this.leftValues;
    leftValues.fill(0);
    for (let i = 0; i < binsUsed - 1; i++) {
      const b = occupied[i];
      const o = b * channels;
      leftCount += sums[o];
      leftWeight += sums[o + 1];
      for (let k = 0; k < this.nValues; k++) leftValues[k] += sums[o + 2 + k];
      best.offerSums(f, b, leftCount, count, leftWeight, weightSum, valueSums, parentScore, leftValues);
    }
    return true;
  }

  /**
   * scanFeature for every feature in one pass over the rows [start, end) (row-major codes),
   * but those flagged in `constant` (known to be constant on these rows); the features found
   * constant here are flagged too.
   */
  scanAllFeatures(start: number, end: number, weightSum: number, valueSums: Float64Array, parentScore: number, constant: Uint8Array): void {
    const channels = this.channels;
    const { cols, nBins } = this.binned;
    const byPosition = this.positionCodes !== null;
    const rowCodes = this.positionCodes ? this.positionCodes.bytes : this.binned.rowCodes;
    const stride = this.positionCodes ? this.positionCodes.stride : cols;
    const sums = this.featureBinSums;
    const binStamp = this.featureBinStamp;
    const occupied = this.featureOccupiedBins;
    const occupiedCount = this.occupiedCount;
    const active = this.activeFeatures;
    const best = this.best;
    if (this.featureStamp > MAX_STAMP) {
      binStamp.fill(0);
      this.featureStamp = 0;
    }
    const stamp = ++this.featureStamp;
    const { rows, h, v, cls } = this.samples;
    if (!cls && end - start === 2) {
      this.scanPair(start, weightSum, valueSums, parentScore, constant);
      return;
    }
    const kernel = this.kernel;
    if (kernel && !cls && byPosition && h === kernel.h && v === kernel.v) {
      // In WebAssembly (forest.as.ts): the same scan and offers; `best` was just reset, so its floor is the node's minimum gain.
      kernel.findBest(start, end, weightSum, valueSums[0], parentScore, best.floor, constant, this.random, best);
      return;
    }
    let nActive = 0;
    for (let f = 0; f < cols; f++) {
      if (constant[f]) continue;
      active[nActive++] = f;
      occupiedCount[f] = 0;
    }
    for (let p = start; p < end; p++) {
      const rowBase = (byPosition ? p : rows[p]) * stride;
      const weight = h[p];
      if (cls) {
        const classChannel = 2 + cls[p];
        for (let j = 0; j < nActive; j++) {
          const f = active[j];
          const key = (f << 8) | rowCodes[rowBase + f];
          const o = key * channels;
          if (binStamp[key] !== stamp) {
            binStamp[key] = stamp;
            occupied[(f << 8) + occupiedCount[f]++] = key & 255;
            for (let c = 0; c < channels; c++) sums[o + c] = 0;
          }
          sums[o] += 1;
          sums[o + 1] += weight;
          sums[o + classChannel] += weight;
        }
      } else {
        const value = v[p];
        for (let j = 0; j < nActive; j++) {
          const f = active[j];
          const key = (f << 8) | rowCodes[rowBase + f];
          const o = key * 3;
          if (binStamp[key] !== stamp) {
            binStamp[key] = stamp;
            occupied[(f << 8) + occupiedCount[f]++] = key & 255;
            sums[o] = 1;
            sums[o + 1] = weight;
            sums[o + 2] = value;
          } else {
            sums[o] += 1;
            sums[o + 1] += weight;
            sums[o + 2] += value;
          }
        }
      }
    }
    const count = end - start;
    const { minSamplesLeaf, minChildWeight, l2 } = this.options;
    const totalValue = valueSums[0];
    for (let j = 0; j < nActive; j++) {
      const f = active[j];
      const binsUsed = occupiedCount[f];
      if (binsUsed < 2) {
        constant[f] = 1;
        continue;
      }
      const first = f << 8;
      if (binsUsed <= 16) {
        for (let i = first + 1; i < first + binsUsed; i++) {
          const x = occupied[i];
          let j = i - 1;
          while (j >= first && occupied[j] > x) {
            occupied[j + 1] = occupied[j];
            j--;
          }
          occupied[j + 1] = x;
        }
      } else {
        // Many bins: collecting the stamped ones in bin order beats sorting them.
        let k = first;
        for (let b = 0, binCount = nBins[f]; b < binCount; b++) if (binStamp[first | b] === stamp) occupied[k++] = b;
      }
      let leftCount = 0;
      let leftWeight = 0;
      if (!cls) {
        let leftValue = 0;
        for (let i = first; i < first + binsUsed - 1; i++) {
          const b = occupied[i];
          const o = (first | b) * 3;
          leftCount += sums[o];
          leftWeight += sums[o + 1];
          leftValue += sums[o + 2];
          if (leftCount < minSamplesLeaf) continue;
          if (count - leftCount < minSamplesLeaf) break;
          const rightWeight = weightSum - leftWeight;
          if (leftWeight <= minChildWeight || rightWeight <= minChildWeight) continue;
          const rightValue = totalValue - leftValue;
          const gain = (leftValue * leftValue) / (leftWeight + l2) + (rightValue * rightValue) / (rightWeight + l2) - parentScore;
          if (gain > best.floor) best.offerScalar(f, b, gain, leftWeight, leftValue);
        }
        continue;
      }
      const leftValues = this.leftValues;
      leftValues.fill(0);
      for (let i = first; i < first + binsUsed - 1; i++) {
        const b = occupied[i];
        const o = (first | b) * channels;
        leftCount += sums[o];
        leftWeight += sums[o + 1];
        for (let k = 0; k < this.nValues; k++) leftValues[k] += sums[o + 2 + k];
        best.offerSums(f, b, leftCount, count, leftWeight, weightSum, valueSums, parentScore, leftValues);
      }
    }
  }

  /**
   * scanAllFeatures for a node of two rows (scalar targets), the most common node of a fully
   * grown forest: the only split of a feature puts the row of the lower bin on the left. The
   * sums are taken as the general scan takes them (from 0, in bin order), so the gains are the same.
   */
  private scanPair(start: number, weightSum: number, valueSums: Float64Array, parentScore: number, constant: Uint8Array): void {
    const { cols } = this.binned;
    const { rows, h, v } = this.samples;
    const codes = this.positionCodes ? this.positionCodes.bytes : this.binned.rowCodes;
    const stride = this.positionCodes ? this.positionCodes.stride : cols;
    const first = (this.positionCodes ? start : rows[start]) * stride;
    const second = (this.positionCodes ? start + 1 : rows[start + 1]) * stride;
    const { minSamplesLeaf, minChildWeight, l2 } = this.options;
    const best = this.best;
    const totalValue = valueSums[0];
    if (minSamplesLeaf > 1) {
      for (let f = 0; f < cols; f++) if (codes[first + f] === codes[second + f]) constant[f] = 1;
      return;
    }
    for (let f = 0; f < cols; f++) {
      if (constant[f]) continue;
      const a = codes[first + f];
      const b = codes[second + f];
      if (a === b) {
        constant[f] = 1;
        continue;
      }
      const low = a < b ? start : start + 1;
      const leftWeight = 0 + h[low];
      const rightWeight = weightSum - leftWeight;
      if (leftWeight <= minChildWeight || rightWeight <= minChildWeight) continue;
      const leftValue = 0 + v[low];
      const rightValue = totalValue - leftValue;
      const gain = (leftValue * leftValue) / (leftWeight + l2) + (rightValue * rightValue) / (rightWeight + l2) - parentScore;
      if (gain > best.floor) best.offerScalar(f, a < b ? a : b, gain, leftWeight, leftValue);
    }
  }
}
