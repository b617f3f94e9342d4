/** One line of the benchmark table. `ratio` = seconds / baseline seconds (below 1 is faster). */
export interface BenchRow {
  suite: string;
  job: string;
  seconds: number;
  /** What the ratio compares against, e.g. "scikit-learn 18.6 s (published)" or "ml-kmeans (this run)". */
  baseline?: string;
  ratio?: number;
  note?: string;
}
