/**
 * Grows one tree on binned features. Big nodes find splits from per-bin histograms
 * (count, weight sum, value sums), the larger child's histogram by subtracting the
 * smaller one's from the parent (LightGBM / scikit-learn HistGradientBoosting); small
 * nodes, which dominate fully grown forests, scan only the bins their own samples
 * occupy, so a 3-sample node never walks 255 bins × d. Row positions are partitioned
 * in place in one Int32Array, with the per-row weights and targets moved alongside.
 *
 * The split score is the same for every use: sum over value channels of V²/(H + λ) per
 * child, where H sums the row weights h and V sums the row values v. A regression forest
 * passes h = weight, v = weight·y (variance reduction); a classification forest passes
 * class indices, whose channels are per-class weights (Gini decrease); boosting passes
 * h = hessian, v = −gradient (Newton gain). With λ = 0 the gain is exactly the decrease
 * of weighted impurity, which is what MDI importance sums.
 */
import type { Random } from '../../core/random';
import type { BinnedFeatures } from './binning';
import { partitionClasses, partitionScalar } from './partition';
import type { Tree } from './tree';

/** Limits on growth, resolved by the caller (forest or boosting). */
export interface GrowOptions {
  maxDepth: number;
  minSamplesLeaf: number;
  minSamplesSplit: number;
  /** Finite: best-first growth up to this many leaves; Infinity: depth-first. */
  maxLeaves: number;
  /** Features drawn per split, 1..cols. */
  maxFeatures: number;
  /** L2 penalty λ on leaf values (boosting); 0 for forests. */
  l2: number;
  /** A child needs a weight (hessian) sum above this. */
  minChildWeight: number;
}

/** Rows to grow on, aligned by position; `rows`, `h`, `v`, `cls` are permuted in place. */
export interface GrowSamples {
  n: number;
  rows: Int32Array;
  h: Float64Array;
  /** Scalar targets (nValues 1). */
  v: Float64Array;
  /** Class indices (nValues K), or null for scalar targets. */
  cls: Int32Array | null;
}

/** A grown tree plus what the fit needs afterwards. */
export interface GrownTree {
  tree: Tree;
  /** Per node, the range [start, end) of its rows in `samples.rows` after growth. */
  start: Int32Array;
  end: Int32Array;
  /** Per node, the split bin (go left when code <= bin). */
  bin: Int32Array;
  /** Per feature, the summed gain (impurity decrease) of its splits. */
  gain: Float64Array;
}

/** A copy of `a` in a new array of the same type with room for `size` entries. */
function grow<T extends Int32Array | Float64Array>(a: T, size: number): T {
  const b = new (a.constructor as { new (n: number): T })(size);
  b.set(a);
  return b;
}

/** Nodes with fewer samples than this × the bin count scan their own samples, not histograms. */
const DENSE_FACTOR = 2;

/** Reusable workspace that grows trees on one binned data set. */
export class TreeGrower {
  private readonly C: number;
  private readonly slotSize: number;
  private readonly denseMin: number;
  private pool: Float64Array[] = [];
  private freeSlots: number[] = [];
  private readonly sp: Float64Array;
  private readonly stamp = new Int32Array(256);
  private stampNow = 0;
  private readonly touched = new Int32Array(256);
  private readonly featOrder: Int32Array;
  private readonly allStamp: Int32Array;
  private allStampNow = 0;
  private readonly allSp: Float64Array;
  private readonly allTouched: Int32Array;
  private readonly allM: Int32Array;
  private readonly lv: Float64Array;
  private readonly bestLV: Float64Array;
  private readonly gain: Float64Array;
  private readonly expandLV: Float64Array;
  private readonly expandRV: Float64Array;
  private cap = 0;
  private nodes = 0;
  private feature = new Int32Array(0);
  private threshold = new Float64Array(0);
  private left = new Int32Array(0);
  private right = new Int32Array(0);
  private value = new Float64Array(0);
  private cover = new Float64Array(0);
  private impurity = new Float64Array(0);
  private start = new Int32Array(0);
  private end = new Int32Array(0);
  private bin = new Int32Array(0);
  private nodeV = new Float64Array(0);
  private nodeQ = new Float64Array(0);
  private pCap = 0;
  private np = 0;
  private pNode = new Int32Array(0);
  private pDepth = new Int32Array(0);
  private pSlot = new Int32Array(0);
  private pFeat = new Int32Array(0);
  private pBin = new Int32Array(0);
  private pGain = new Float64Array(0);
  private pLH = new Float64Array(0);
  private pLV = new Float64Array(0);
  private readonly partOut = new Float64Array(1);
  private slotL = -1;
  private slotR = -1;
  private bestF = -1;
  private bestBin = 0;
  private bestGain = 0;
  /** Gains above this are kept or tie with the best (bestGain less a rounding tolerance). */
  private bestFloor = 0;
  private ties = 0;
  private bestLH = 0;
  private s!: GrowSamples;
  private o!: GrowOptions;
  private random!: Random;

  /** @param binned the binned training features; @param nValues 1 for scalar targets, K for classes */
  constructor(
    private readonly binned: BinnedFeatures,
    private readonly nValues: number,
  ) {
    this.C = 2 + nValues;
    this.slotSize = binned.cols * binned.maxBins * this.C;
    this.denseMin = Math.max(32, DENSE_FACTOR * binned.maxBins);
    this.sp = new Float64Array(256 * this.C);
    this.featOrder = Int32Array.from({ length: binned.cols }, (_, i) => i);
    this.allStamp = new Int32Array(binned.cols * 256);
    this.allSp = new Float64Array(binned.cols * 256 * this.C);
    this.allTouched = new Int32Array(binned.cols * 256);
    this.allM = new Int32Array(binned.cols);
    this.lv = new Float64Array(nValues);
    this.bestLV = new Float64Array(nValues);
    this.gain = new Float64Array(binned.cols);
    this.expandLV = new Float64Array(nValues);
    this.expandRV = new Float64Array(nValues);
  }

  /** Grows one tree on `samples` (all h > 0) with `options`; `random` draws the split features. */
  grow(samples: GrowSamples, options: GrowOptions, random: Random): GrownTree {
    this.s = samples;
    this.o = options;
    this.random = random;
    this.nodes = 0;
    this.np = 0;
    this.gain.fill(0);
    for (let f = 0; f < this.featOrder.length; f++) this.featOrder[f] = f;
    const K = this.nValues;
    const { n, h, v, cls } = samples;
    let H = 0;
    let Q = 0;
    const V = new Float64Array(K);
    for (let p = 0; p < n; p++) {
      const hp = h[p];
      H += hp;
      if (cls) {
        V[cls[p]] += hp;
        Q += hp;
      } else {
        V[0] += v[p];
        Q += (v[p] * v[p]) / hp;
      }
    }
    let slot = -1;
    if (n >= this.denseMin) {
      slot = this.takeSlot();
      this.buildHist(this.pool[slot], 0, n);
    }
    this.addNode(0, n, 0, H, V, 0, Q, slot);
    let leaves = 1;
    const bestFirst = Number.isFinite(options.maxLeaves);
    while (this.np > 0) {
      let k = this.np - 1;
      if (bestFirst) for (let i = 0; i < this.np - 1; i++) if (this.pGain[i] > this.pGain[k]) k = i;
      if (leaves >= options.maxLeaves) {
        if (this.pSlot[k] >= 0) this.freeSlots.push(this.pSlot[k]);
        this.removePending(k);
        continue;
      }
      this.expand(k);
      leaves++;
    }
    const m = this.nodes;
    const tree: Tree = {
      nodeCount: m,
      nValues: K,
      feature: this.feature.slice(0, m),
      threshold: this.threshold.slice(0, m),
      left: this.left.slice(0, m),
      right: this.right.slice(0, m),
      value: this.value.slice(0, m * K),
      cover: this.cover.slice(0, m),
      impurity: this.impurity.slice(0, m),
    };
    return { tree, start: this.start.slice(0, m), end: this.end.slice(0, m), bin: this.bin.slice(0, m), gain: this.gain.slice() };
  }

  private takeSlot(): number {
    const free = this.freeSlots.pop();
    if (free !== undefined) return free;
    this.pool.push(new Float64Array(this.slotSize));
    return this.pool.length - 1;
  }

  private buildHist(hist: Float64Array, from: number, to: number): void {
    const { rowCodes, cols, nBins, maxBins } = this.binned;
    const C = this.C;
    const { rows, h, v, cls } = this.s;
    for (let f = 0; f < cols; f++) hist.fill(0, f * maxBins * C, (f * maxBins + nBins[f]) * C);
    const stride = maxBins * C;
    if (cls) {
      for (let p = from; p < to; p++) {
        const base = rows[p] * cols;
        const hp = h[p];
        const cp = 2 + cls[p];
        for (let f = 0, fo = 0; f < cols; f++, fo += stride) {
          const o = fo + rowCodes[base + f] * C;
          hist[o] += 1;
          hist[o + 1] += hp;
          hist[o + cp] += hp;
        }
      }
    } else {
      for (let p = from; p < to; p++) {
        const base = rows[p] * cols;
        const hp = h[p];
        const vp = v[p];
        for (let f = 0, fo = 0; f < cols; f++, fo += stride) {
          const o = fo + rowCodes[base + f] * 3;
          hist[o] += 1;
          hist[o + 1] += hp;
          hist[o + 2] += vp;
        }
      }
    }
  }

  /** Records a node; if it can split, finds its best split and queues it. */
  private addNode(start: number, end: number, depth: number, H: number, V: Float64Array, vOff: number, Q: number, slot: number): number {
    const id = this.nodes++;
    if (id >= this.cap) this.growNodes();
    const K = this.nValues;
    const o = this.o;
    let score = 0;
    for (let k = 0; k < K; k++) {
      const vk = V[vOff + k];
      this.nodeV[id * K + k] = vk;
      this.value[id * K + k] = this.s.cls ? vk / H : vk / (H + o.l2);
      score += (vk * vk) / H;
    }
    this.feature[id] = -1;
    this.threshold[id] = 0;
    this.left[id] = -1;
    this.right[id] = -1;
    this.bin[id] = -1;
    this.start[id] = start;
    this.end[id] = end;
    this.cover[id] = H;
    this.nodeQ[id] = Q;
    const spread = Q - score;
    this.impurity[id] = spread > 0 ? spread / H : 0;
    const count = end - start;
    const minGain = 1e-12 * Q;
    const splittable = depth < o.maxDepth && count >= o.minSamplesSplit && count >= 2 * o.minSamplesLeaf && spread > minGain;
    if (!splittable || !this.findSplit(start, end, H, V, vOff, slot, minGain)) {
      if (slot >= 0) this.freeSlots.push(slot);
      return id;
    }
    if (this.np >= this.pCap) this.growPending();
    const i = this.np++;
    this.pNode[i] = id;
    this.pDepth[i] = depth;
    this.pSlot[i] = slot;
    this.pFeat[i] = this.bestF;
    this.pBin[i] = this.bestBin;
    this.pGain[i] = this.bestGain;
    this.pLH[i] = this.bestLH;
    for (let k = 0; k < K; k++) this.pLV[i * K + k] = this.bestLV[k];
    return id;
  }

  /** Best split of a node over up to maxFeatures non-constant features; false when none gains. */
  private findSplit(start: number, end: number, H: number, V: Float64Array, vOff: number, slot: number, minGain: number): boolean {
    const { cols } = this.binned;
    const K = this.nValues;
    const l2 = this.o.l2;
    let parentScore = 0;
    for (let k = 0; k < K; k++) parentScore += (V[vOff + k] * V[vOff + k]) / (H + l2);
    this.bestF = -1;
    this.bestGain = minGain;
    this.bestFloor = minGain;
    this.ties = 0;
    const order = this.featOrder;
    const sampled = this.o.maxFeatures < cols;
    if (!sampled && slot < 0) {
      this.scanSmallAll(start, end, H, V, vOff, parentScore);
      return this.bestF >= 0;
    }
    let visited = 0;
    for (let j = 0; j < cols; j++) {
      if (sampled) {
        const r = j + Math.floor(this.random.next() * (cols - j));
        const t = order[j];
        order[j] = order[r];
        order[r] = t;
      }
      const f = order[j];
      const varies = slot >= 0 ? this.scanDense(this.pool[slot], f, end - start, H, V, vOff, parentScore) : this.scanSparse(f, start, end, H, V, vOff, parentScore);
      if (varies && ++visited >= this.o.maxFeatures) break;
    }
    return this.bestF >= 0;
  }

  /** Scans feature f's histogram; returns whether the node's samples span two bins or more. */
  private scanDense(hist: Float64Array, f: number, count: number, H: number, V: Float64Array, vOff: number, parentScore: number): boolean {
    const C = this.C;
    const nb = this.binned.nBins[f];
    const base = f * this.binned.maxBins * C;
    let varies = false;
    let cL = 0;
    let hL = 0;
    if (!this.s.cls) {
      const { minSamplesLeaf, minChildWeight, l2 } = this.o;
      const V0 = V[vOff];
      let vL = 0;
      for (let b = 0; b < nb - 1; b++) {
        const o = base + b * 3;
        const c = hist[o];
        if (c === 0) continue;
        cL += c;
        hL += hist[o + 1];
        vL += hist[o + 2];
        if (cL >= count) break;
        varies = true;
        if (cL < minSamplesLeaf) continue;
        if (count - cL < minSamplesLeaf) break;
        const hR = H - hL;
        if (hL <= minChildWeight || hR <= minChildWeight) continue;
        const vR = V0 - vL;
        const gain = (vL * vL) / (hL + l2) + (vR * vR) / (hR + l2) - parentScore;
        if (gain > this.bestFloor) this.keepScalar(f, b, gain, hL, vL);
      }
      return varies;
    }
    this.lv.fill(0);
    for (let b = 0; b < nb - 1; b++) {
      const o = base + b * C;
      const c = hist[o];
      if (c === 0) continue;
      cL += c;
      hL += hist[o + 1];
      for (let k = 0; k < this.nValues; k++) this.lv[k] += hist[o + 2 + k];
      if (cL >= count) break;
      varies = true;
      this.consider(f, b, cL, count, hL, H, V, vOff, parentScore);
    }
    return varies;
  }

  /** Like scanDense, over only the bins the node's own samples occupy. */
  private scanSparse(f: number, start: number, end: number, H: number, V: Float64Array, vOff: number, parentScore: number): boolean {
    const C = this.C;
    const sp = this.sp;
    const stamp = this.stamp;
    const touched = this.touched;
    if (this.stampNow > 0x3fffffff) {
      stamp.fill(0);
      this.stampNow = 0;
    }
    const s = ++this.stampNow;
    const code = this.binned.codes[f];
    const { rows, h, v, cls } = this.s;
    let m = 0;
    if (cls) {
      for (let p = start; p < end; p++) {
        const b = code[rows[p]];
        const o = b * C;
        if (stamp[b] !== s) {
          stamp[b] = s;
          touched[m++] = b;
          for (let c = 0; c < C; c++) sp[o + c] = 0;
        }
        sp[o] += 1;
        sp[o + 1] += h[p];
        sp[o + 2 + cls[p]] += h[p];
      }
    } else {
      for (let p = start; p < end; p++) {
        const b = code[rows[p]];
        const o = b * 3;
        if (stamp[b] !== s) {
          stamp[b] = s;
          touched[m++] = b;
          sp[o] = 1;
          sp[o + 1] = h[p];
          sp[o + 2] = v[p];
        } else {
          sp[o] += 1;
          sp[o + 1] += h[p];
          sp[o + 2] += v[p];
        }
      }
    }
    if (m < 2) return false;
    if (m <= 24) {
      for (let i = 1; i < m; i++) {
        const x = touched[i];
        let j = i - 1;
        while (j >= 0 && touched[j] > x) {
          touched[j + 1] = touched[j];
          j--;
        }
        touched[j + 1] = x;
      }
    } else {
      touched.subarray(0, m).sort();
    }
    const count = end - start;
    let cL = 0;
    let hL = 0;
    if (!cls) {
      const { minSamplesLeaf, minChildWeight, l2 } = this.o;
      const V0 = V[vOff];
      let vL = 0;
      for (let i = 0; i < m - 1; i++) {
        const b = touched[i];
        const o = b * 3;
        cL += sp[o];
        hL += sp[o + 1];
        vL += sp[o + 2];
        if (cL < minSamplesLeaf) continue;
        if (count - cL < minSamplesLeaf) break;
        const hR = H - hL;
        if (hL <= minChildWeight || hR <= minChildWeight) continue;
        const vR = V0 - vL;
        const gain = (vL * vL) / (hL + l2) + (vR * vR) / (hR + l2) - parentScore;
        if (gain > this.bestFloor) this.keepScalar(f, b, gain, hL, vL);
      }
      return true;
    }
    this.lv.fill(0);
    for (let i = 0; i < m - 1; i++) {
      const b = touched[i];
      const o = b * C;
      cL += sp[o];
      hL += sp[o + 1];
      for (let k = 0; k < this.nValues; k++) this.lv[k] += sp[o + 2 + k];
      this.consider(f, b, cL, count, hL, H, V, vOff, parentScore);
    }
    return true;
  }

  /** Sparse scan of every feature in one pass over the node's rows (row-major codes). */
  private scanSmallAll(start: number, end: number, H: number, V: Float64Array, vOff: number, parentScore: number): void {
    const C = this.C;
    const { cols, rowCodes, nBins } = this.binned;
    const sp = this.allSp;
    const stamp = this.allStamp;
    const touched = this.allTouched;
    const mc = this.allM;
    if (this.allStampNow > 0x3fffffff) {
      stamp.fill(0);
      this.allStampNow = 0;
    }
    const s = ++this.allStampNow;
    const { rows, h, v, cls } = this.s;
    mc.fill(0);
    for (let p = start; p < end; p++) {
      const base = rows[p] * cols;
      const hp = h[p];
      if (cls) {
        const cp = 2 + cls[p];
        for (let f = 0; f < cols; f++) {
          const key = (f << 8) | rowCodes[base + f];
          const o = key * C;
          if (stamp[key] !== s) {
            stamp[key] = s;
            touched[(f << 8) + mc[f]++] = key & 255;
            for (let c = 0; c < C; c++) sp[o + c] = 0;
          }
          sp[o] += 1;
          sp[o + 1] += hp;
          sp[o + cp] += hp;
        }
      } else {
        const vp = v[p];
        for (let f = 0; f < cols; f++) {
          const key = (f << 8) | rowCodes[base + f];
          const o = key * 3;
          if (stamp[key] !== s) {
            stamp[key] = s;
            touched[(f << 8) + mc[f]++] = key & 255;
            sp[o] = 1;
            sp[o + 1] = hp;
            sp[o + 2] = vp;
          } else {
            sp[o] += 1;
            sp[o + 1] += hp;
            sp[o + 2] += vp;
          }
        }
      }
    }
    const count = end - start;
    const { minSamplesLeaf, minChildWeight, l2 } = this.o;
    const V0 = V[vOff];
    for (let f = 0; f < cols; f++) {
      const m = mc[f];
      if (m < 2) continue;
      const t0 = f << 8;
      if (m <= 16) {
        for (let i = t0 + 1; i < t0 + m; i++) {
          const x = touched[i];
          let j = i - 1;
          while (j >= t0 && touched[j] > x) {
            touched[j + 1] = touched[j];
            j--;
          }
          touched[j + 1] = x;
        }
      } else {
        let k = t0;
        for (let b = 0, nb = nBins[f]; b < nb; b++) if (stamp[t0 | b] === s) touched[k++] = b;
      }
      let cL = 0;
      let hL = 0;
      if (!cls) {
        let vL = 0;
        for (let i = t0; i < t0 + m - 1; i++) {
          const b = touched[i];
          const o = (t0 | b) * 3;
          cL += sp[o];
          hL += sp[o + 1];
          vL += sp[o + 2];
          if (cL < minSamplesLeaf) continue;
          if (count - cL < minSamplesLeaf) break;
          const hR = H - hL;
          if (hL <= minChildWeight || hR <= minChildWeight) continue;
          const vR = V0 - vL;
          const gain = (vL * vL) / (hL + l2) + (vR * vR) / (hR + l2) - parentScore;
          if (gain > this.bestFloor) this.keepScalar(f, b, gain, hL, vL);
        }
        continue;
      }
      this.lv.fill(0);
      for (let i = t0; i < t0 + m - 1; i++) {
        const b = touched[i];
        const o = (t0 | b) * C;
        cL += sp[o];
        hL += sp[o + 1];
        for (let k = 0; k < this.nValues; k++) this.lv[k] += sp[o + 2 + k];
        this.consider(f, b, cL, count, hL, H, V, vOff, parentScore);
      }
    }
  }

  private keepScalar(f: number, b: number, gain: number, hL: number, vL: number): void {
    if (!this.isNewBest(f, gain)) return;
    this.bestF = f;
    this.bestBin = b;
    this.bestLH = hL;
    this.bestLV[0] = vL;
  }

  /** Scores the split "code <= b" with left sums (cL, hL, lv) and keeps it if best. */
  private consider(f: number, b: number, cL: number, count: number, hL: number, H: number, V: Float64Array, vOff: number, parentScore: number): void {
    const o = this.o;
    const cR = count - cL;
    if (cL < o.minSamplesLeaf || cR < o.minSamplesLeaf) return;
    const hR = H - hL;
    if (hL <= o.minChildWeight || hR <= o.minChildWeight) return;
    const lv = this.lv;
    let score = 0;
    for (let k = 0; k < this.nValues; k++) {
      const l = lv[k];
      const r = V[vOff + k] - l;
      score += (l * l) / (hL + o.l2) + (r * r) / (hR + o.l2);
    }
    const gain = score - parentScore;
    if (gain > this.bestFloor && this.isNewBest(f, gain)) {
      this.bestF = f;
      this.bestBin = b;
      this.bestLH = hL;
      this.bestLV.set(lv);
    }
  }

  /**
   * Whether a split of gain `gain` (> bestFloor) on feature f replaces the best. Equal gains
   * (within rounding) on different features are common with duplicated or correlated
   * columns; scikit-learn visits features in random order, so such a tie goes to a uniformly
   * random feature, not the first column. Reservoir sampling gives the same with one draw per tie.
   */
  private isNewBest(f: number, gain: number): boolean {
    const tol = 1e-10 * Math.abs(gain);
    if (gain > this.bestGain + tol || this.bestF < 0) {
      this.ties = 1;
    } else {
      if (f === this.bestF) return false;
      this.ties++;
      if (this.random.next() * this.ties >= 1) return false;
    }
    this.bestGain = Math.max(gain, this.bestGain);
    this.bestFloor = this.bestGain - 1e-10 * Math.abs(this.bestGain);
    return true;
  }

  /** Splits the queued node k: partitions its rows, then adds both children. */
  private expand(k: number): void {
    const K = this.nValues;
    const id = this.pNode[k];
    const depth = this.pDepth[k];
    const parentSlot = this.pSlot[k];
    const f = this.pFeat[k];
    const b = this.pBin[k];
    const LH = this.pLH[k];
    const LV = this.expandLV;
    for (let c = 0; c < K; c++) LV[c] = this.pLV[k * K + c];
    this.gain[f] += this.pGain[k];
    this.removePending(k);
    const start = this.start[id];
    const end = this.end[id];
    const { rows, h, v, cls } = this.s;
    const code = this.binned.codes[f];
    const out = this.partOut;
    const mid = cls ? partitionClasses(rows, h, cls, code, start, end, b, out) : partitionScalar(rows, h, v, code, start, end, b, out);
    const QL = out[0];
    this.feature[id] = f;
    this.threshold[id] = this.binned.edges[f][b];
    this.bin[id] = b;
    const RV = this.expandRV;
    for (let c = 0; c < K; c++) RV[c] = this.nodeV[id * K + c] - LV[c];
    const RH = this.cover[id] - LH;
    const RQ = this.nodeQ[id] - QL;
    this.slotL = -1;
    this.slotR = -1;
    if (parentSlot >= 0) this.childSlots(parentSlot, start, mid, end);
    const leftSlot = this.slotL;
    const rightSlot = this.slotR;
    const l = this.addNode(start, mid, depth + 1, LH, LV, 0, QL, leftSlot);
    const r = this.addNode(mid, end, depth + 1, RH, RV, 0, RQ, rightSlot);
    this.left[id] = l;
    this.right[id] = r;
  }

  /** Sets slotL and slotR: histograms of the children of a dense node, the larger by subtraction. */
  private childSlots(parentSlot: number, start: number, mid: number, end: number): void {
    const nL = mid - start;
    const nR = end - mid;
    const leftSmaller = nL <= nR;
    if (Math.max(nL, nR) < this.denseMin) {
      this.freeSlots.push(parentSlot);
      return;
    }
    let smallSlot = this.takeSlot();
    const small = this.pool[smallSlot];
    if (leftSmaller) this.buildHist(small, start, mid);
    else this.buildHist(small, mid, end);
    this.subtract(this.pool[parentSlot], small);
    if (Math.min(nL, nR) < this.denseMin) {
      this.freeSlots.push(smallSlot);
      smallSlot = -1;
    }
    this.slotL = leftSmaller ? smallSlot : parentSlot;
    this.slotR = leftSmaller ? parentSlot : smallSlot;
  }

  private subtract(parent: Float64Array, small: Float64Array): void {
    const { cols, nBins, maxBins } = this.binned;
    const C = this.C;
    for (let f = 0; f < cols; f++) {
      const to = (f * maxBins + nBins[f]) * C;
      for (let i = f * maxBins * C; i < to; i++) parent[i] -= small[i];
    }
  }

  private removePending(k: number): void {
    const K = this.nValues;
    const last = --this.np;
    if (k === last) return;
    this.pNode[k] = this.pNode[last];
    this.pDepth[k] = this.pDepth[last];
    this.pSlot[k] = this.pSlot[last];
    this.pFeat[k] = this.pFeat[last];
    this.pBin[k] = this.pBin[last];
    this.pGain[k] = this.pGain[last];
    this.pLH[k] = this.pLH[last];
    this.pLV.copyWithin(k * K, last * K, last * K + K);
  }

  private growNodes(): void {
    const cap = Math.max(256, this.cap * 2);
    const K = this.nValues;
    this.feature = grow(this.feature, cap);
    this.threshold = grow(this.threshold, cap);
    this.left = grow(this.left, cap);
    this.right = grow(this.right, cap);
    this.value = grow(this.value, cap * K);
    this.cover = grow(this.cover, cap);
    this.impurity = grow(this.impurity, cap);
    this.start = grow(this.start, cap);
    this.end = grow(this.end, cap);
    this.bin = grow(this.bin, cap);
    this.nodeV = grow(this.nodeV, cap * K);
    this.nodeQ = grow(this.nodeQ, cap);
    this.cap = cap;
  }

  private growPending(): void {
    const cap = Math.max(64, this.pCap * 2);
    const K = this.nValues;
    this.pNode = grow(this.pNode, cap);
    this.pDepth = grow(this.pDepth, cap);
    this.pSlot = grow(this.pSlot, cap);
    this.pFeat = grow(this.pFeat, cap);
    this.pBin = grow(this.pBin, cap);
    this.pGain = grow(this.pGain, cap);
    this.pLH = grow(this.pLH, cap);
    this.pLV = grow(this.pLV, cap * K);
    this.pCap = cap;
  }
}
