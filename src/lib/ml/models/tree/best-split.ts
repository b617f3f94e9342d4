/**
 * The best split of one node seen so far while scanning its features, with random
 * tie-breaking between features of equal gain.
 */
import type { Random } from '../../core/random';
import type { GrowOptions } from './grower';

/** The running best split of a node: feature, bin, gain and the left child's sums. */
export class BestSplit {
  /** Split feature, -1 while no split gains more than the minimum. */
  feature = -1;
  /** Rows with code <= bin go left. */
  bin = 0;
  gain = 0;
  /** Gains above this are kept or tie with the best (gain less a rounding tolerance). */
  floor = 0;
  /** Weight (hessian) sum of the left child. */
  leftWeight = 0;
  /** Value sums of the left child (nValues). */
  readonly leftValues: Float64Array;
  private ties = 0;
  private options!: GrowOptions;
  private random!: Random;

  /** @param nValues 1 for scalar targets, K for classes */
  constructor(private readonly nValues: number) {
    this.leftValues = new Float64Array(nValues);
  }

  /** Sets the growth limits and the generator that breaks ties, for one tree. */
  begin(options: GrowOptions, random: Random): void {
    this.options = options;
    this.random = random;
  }

  /** Starts a node: no split yet, and a split must gain more than `minGain`. */
  reset(minGain: number): void {
    this.feature = -1;
    this.gain = minGain;
    this.floor = minGain;
    this.ties = 0;
  }

  /** Offers a scalar-target split of gain `gain` (> floor, limits already checked). */
  offerScalar(feature: number, bin: number, gain: number, leftWeight: number, leftValue: number): void {
    if (!this.isNewBest(feature, gain)) return;
    this.feature = feature;
    this.bin = bin;
    this.leftWeight = leftWeight;
    this.leftValues[0] = leftValue;
  }

  /**
   * Scores the split "code <= bin" of a node of `count` rows, weight sum `weightSum` and
   * value sums `valueSums`, from the left child's count, weight and `leftValues`; keeps it if best.
   */
  offerSums(
    feature: number,
    bin: number,
    leftCount: number,
    count: number,
    leftWeight: number,
    weightSum: number,
    valueSums: Float64Array,
    parentScore: number,
    leftValues: Float64Array,
  ): void {
    const options = this.options;
    const rightCount = count - leftCount;
    if (leftCount < options.minSamplesLeaf || rightCount < options.minSamplesLeaf) return;
    const rightWeight = weightSum - leftWeight;
    if (leftWeight <= options.minChildWeight || rightWeight <= options.minChildWeight) return;
    let score = 0;
    for (let k = 0; k < this.nValues; k++) {
      const left = leftValues[k];
      const right = valueSums[k] - left;
      score += (left * left) / (leftWeight + options.l2) + (right * right) / (rightWeight + options.l2);
    }
    const gain = score - parentScore;
    if (gain > this.floor && this.isNewBest(feature, gain)) {
      this.feature = feature;
      this.bin = bin;
      this.leftWeight = leftWeight;
      this.leftValues.set(leftValues);
    }
  }

  /**
   * Whether a split of gain `gain` (> floor) on `feature` replaces the best. Equal gains
   * (within rounding) on different features are common with duplicated or correlated
   * columns; scikit-learn visits features in random order, so such a tie goes to a uniformly
   * random feature, not the first column. Reservoir sampling gives the same with one draw per tie.
   */
  private isNewBest(feature: number, gain: number): boolean {
    const tolerance = 1e-10 * Math.abs(gain);
    if (gain > this.gain + tolerance || this.feature < 0) {
      this.ties = 1;
    } else {
      if (feature === this.feature) return false;
      this.ties++;
      if (this.random.next() * this.ties >= 1) return false;
    }
    this.gain = Math.max(gain, this.gain);
    this.floor = this.gain - 1e-10 * Math.abs(this.gain);
    return true;
  }
}
