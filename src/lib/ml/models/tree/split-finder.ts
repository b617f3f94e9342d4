/**
 * Best-split search of one node. The split score is the same for every use: sum over value
 * channels of V²/(H + λ) per child, where H sums the row weights h and V the row values v;
 * the gain is the children's score less the parent's. Features are visited in a random
 * order when only maxFeatures of them are drawn. A node with a histogram scans its bins;
 * a smaller node scans only the bins its own rows occupy (OccupiedBinScan).
 */
import type { Random } from '../../core/random';
import { BestSplit } from './best-split';
import type { BinnedFeatures } from './binning';
import type { GrowOptions, GrowSamples } from './grower';
import type { ForestScanKernel } from './forest-scan';
import { OccupiedBinScan } from './occupied-bin-scan';
import type { PositionCodes } from './partition';

/** Finds the best split of a node of the tree being grown; the result is in `best`. */
export class SplitFinder {
  /** The best split of the last node searched. */
  readonly best: BestSplit;
  private readonly occupiedBins: OccupiedBinScan;
  private readonly channels: number;
  /** Feature visiting order, shuffled a prefix at a time when features are drawn. */
  private readonly featureOrder: Int32Array;
  private readonly leftValues: Float64Array;
  private samples!: GrowSamples;
  private options!: GrowOptions;
  private random!: Random;

  /**
   * @param binned the binned training features; @param nValues 1 for scalar targets, K for classes
   * @param kernel the WebAssembly small-node scan, for scalar targets whose samples live in its memory
   */
  constructor(
    private readonly binned: BinnedFeatures,
    private readonly nValues: number,
    kernel: ForestScanKernel | null = null,
  ) {
    this.channels = 2 + nValues;
    this.best = new BestSplit(nValues);
    this.occupiedBins = new OccupiedBinScan(binned, nValues, this.best, kernel);
    this.featureOrder = Int32Array.from({ length: binned.cols }, (_, i) => i);
    this.leftValues = new Float64Array(nValues);
  }

  /** Starts a tree on `samples` with `options`; `random` draws features and breaks ties; `positionCodes`, when given, holds the codes by position. */
  begin(samples: GrowSamples, options: GrowOptions, random: Random, positionCodes: PositionCodes | null = null): void {
    this.samples = samples;
    this.options = options;
    this.random = random;
    for (let f = 0; f < this.featureOrder.length; f++) this.featureOrder[f] = f;
    this.best.begin(options, random);
    this.occupiedBins.begin(samples, options, random, positionCodes);
  }

  /**
   * Best split of the node of rows [start, end), weight sum `weightSum` and value sums
   * `valueSums`, over up to maxFeatures non-constant features; `histogram` is the node's
   * histogram or null. False when no split gains more than `minGain`. `constant` flags the
   * features known to be constant on these rows (skipped, as they offer no split); the features
   * found constant here are flagged too, for the node's children.
   */
  findSplit(start: number, end: number, weightSum: number, valueSums: Float64Array, histogram: Float64Array | null, minGain: number, constant: Uint8Array): boolean {
    const { cols } = this.binned;
    const l2 = this.options.l2;
    let parentScore = 0;
    for (let k = 0; k < this.nValues; k++) parentScore += (valueSums[k] * valueSums[k]) / (weightSum + l2);
    const best = this.best;
    best.reset(minGain);
    const order = this.featureOrder;
    const isSampled = this.options.maxFeatures < cols;
    if (!isSampled && histogram === null) {
      this.occupiedBins.scanAllFeatures(start, end, weightSum, valueSums, parentScore, constant);
      return best.feature >= 0;
    }
    let visited = 0;
    for (let j = 0; j < cols; j++) {
      if (isSampled) {
        const r = j + Math.floor(this.random.next() * (cols - j));
        const t = order[j];
        order[j] = order[r];
        order[r] = t;
      }
      const f = order[j];
      if (constant[f]) continue;
      const varies =
        histogram !== null
          ? this.scanHistogram(histogram, f, end - start, weightSum, valueSums, parentScore)
          : this.occupiedBins.scanFeature(f, start, end, weightSum, valueSums, parentScore);
      if (!varies) constant[f] = 1;
      else if (++visited >= this.options.maxFeatures) break;
    }
    return best.feature >= 0;
  }

  /** Scans feature f's bins in the node's histogram; returns whether the node's rows span two bins or more. */
  private scanHistogram(histogram: Float64Array, f: number, count: number, weightSum: number, valueSums: Float64Array, parentScore: number): boolean {
    const channels = this.channels;
    const binCount = this.binned.nBins[f];
    const base = f * this.binned.maxBins * channels;
    const best = this.best;
    let varies = false;
    let leftCount = 0;
    let leftWeight = 0;
    if (!this.samples.cls) {
      const { minSamplesLeaf, minChildWeight, l2 } = this.options;
      const totalValue = valueSums[0];
      let leftValue = 0;
      for (let b = 0; b < binCount - 1; b++) {
        const o = base + b * 3;
        const binRows = histogram[o];
        if (binRows === 0) continue;
        leftCount += binRows;
        leftWeight += histogram[o + 1];
        leftValue += histogram[o + 2];
        if (leftCount >= count) break;
        varies = true;
        if (leftCount < minSamplesLeaf) continue;
        if (count - leftCount < minSamplesLeaf) break;
        const rightWeight = weightSum - leftWeight;
        if (leftWeight <= minChildWeight || rightWeight <= minChildWeight) continue;
        const rightValue = totalValue - leftValue;
        const gain = (leftValue * leftValue) / (leftWeight + l2) + (rightValue * rightValue) / (rightWeight + l2) - parentScore;
        if (gain > best.floor) best.offerScalar(f, b, gain, leftWeight, leftValue);
      }
      return varies;
    }
    const leftValues = this.leftValues;
    leftValues.fill(0);
    for (let b = 0; b < binCount - 1; b++) {
      const o = base + b * channels;
      const binRows = histogram[o];
      if (binRows === 0) continue;
      leftCount += binRows;
      leftWeight += histogram[o + 1];
      for (let k = 0; k < this.nValues; k++) leftValues[k] += histogram[o + 2 + k];
      if (leftCount >= count) break;
      varies = true;
      best.offerSums(f, b, leftCount, count, leftWeight, weightSum, valueSums, parentScore, leftValues);
    }
    return varies;
  }
}
