/**
 * The nodes of the tree being grown, as growable flat arrays (the layout of `Tree`), plus
 * what growth needs per node: the range of its rows, its split bin and its value sums.
 */
import { withCapacity } from './array-capacity';
import type { Tree } from './tree';

/** The per-node arrays of a NodeStore with one value per node: a Tree's, and what growth needs. */
export interface NodeArrays extends Pick<Tree, 'feature' | 'threshold' | 'left' | 'right' | 'value' | 'cover' | 'impurity'> {
  start: Int32Array;
  end: Int32Array;
  splitBin: Int32Array;
  valueSums: Float64Array;
  sumOfSquares: Float64Array;
}

/** Per-node arrays of one tree under construction; node ids are indices, 0 is the root. */
export class NodeStore {
  /** Nodes stored so far. */
  count = 0;
  private capacity = 0;
  /** Split feature, -1 for a leaf. */
  feature = new Int32Array(0);
  /** Split threshold in feature units. */
  threshold = new Float64Array(0);
  left = new Int32Array(0);
  right = new Int32Array(0);
  /** count × nValues leaf values. */
  value = new Float64Array(0);
  /** Weight (hessian) sum of the node's rows. */
  cover = new Float64Array(0);
  impurity = new Float64Array(0);
  /** First position of the node's rows in the samples. */
  start = new Int32Array(0);
  /** One past the last position of the node's rows. */
  end = new Int32Array(0);
  /** Split bin: rows with code <= bin go left; -1 for a leaf. */
  splitBin = new Int32Array(0);
  /** count × nValues sums of the row values (per class for class targets). */
  valueSums = new Float64Array(0);
  /** Σ v²/h over the node's rows (Σ h for class targets): the impurity before the split. */
  sumOfSquares = new Float64Array(0);

  /** Set when the arrays were given (they live elsewhere, e.g. in a WebAssembly memory) and cannot grow. */
  private readonly isFixed: boolean;

  /**
   * @param nValues values per node: 1 for scalar targets, K for classes
   * @param arrays arrays to store the nodes in (nValues 1), each with room for as many nodes as
   *   a tree can have; by default the store allocates and grows its own
   */
  constructor(
    private readonly nValues: number,
    arrays?: NodeArrays,
  ) {
    this.isFixed = arrays !== undefined;
    if (arrays) {
      Object.assign(this, arrays);
      this.capacity = arrays.feature.length;
    }
  }

  /** Forgets every node, keeping the arrays for the next tree. */
  clear(): void {
    this.count = 0;
  }

  /** Adds a leaf over rows [start, end) and returns its id; the caller writes its values. */
  addLeaf(start: number, end: number, weightSum: number, sumOfSquares: number): number {
    const id = this.count++;
    if (id >= this.capacity) this.enlarge();
    this.feature[id] = -1;
    this.threshold[id] = 0;
    this.left[id] = -1;
    this.right[id] = -1;
    this.splitBin[id] = -1;
    this.start[id] = start;
    this.end[id] = end;
    this.cover[id] = weightSum;
    this.sumOfSquares[id] = sumOfSquares;
    return id;
  }

  /** The stored nodes as a Tree of views into the store: valid only until the next tree is grown. */
  view(): Tree {
    return this.tree((array, length) => array.subarray(0, length) as typeof array);
  }

  /** The stored nodes as a Tree (copies, so the store can grow the next tree). */
  toTree(): Tree {
    return this.tree((array, length) => array.slice(0, length) as typeof array);
  }

  /** The stored nodes as a Tree whose arrays are `take(array, length)`. */
  private tree(take: <T extends Int32Array | Float64Array>(array: T, length: number) => T): Tree {
    const count = this.count;
    return {
      nodeCount: count,
      nValues: this.nValues,
      feature: take(this.feature, count),
      threshold: take(this.threshold, count),
      left: take(this.left, count),
      right: take(this.right, count),
      value: take(this.value, count * this.nValues),
      cover: take(this.cover, count),
      impurity: take(this.impurity, count),
    };
  }

  private enlarge(): void {
    if (this.isFixed) throw new Error(`A tree needs more than the ${this.capacity} nodes its store holds`);
    const capacity = Math.max(256, this.capacity * 2);
    const nValues = this.nValues;
    this.feature = withCapacity(this.feature, capacity);
    this.threshold = withCapacity(this.threshold, capacity);
    this.left = withCapacity(this.left, capacity);
    this.right = withCapacity(this.right, capacity);
    this.value = withCapacity(this.value, capacity * nValues);
    this.cover = withCapacity(this.cover, capacity);
    this.impurity = withCapacity(this.impurity, capacity);
    this.start = withCapacity(this.start, capacity);
    this.end = withCapacity(this.end, capacity);
    this.splitBin = withCapacity(this.splitBin, capacity);
    this.valueSums = withCapacity(this.valueSums, capacity * nValues);
    this.sumOfSquares = withCapacity(this.sumOfSquares, capacity);
    this.capacity = capacity;
  }
}
