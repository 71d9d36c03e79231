// A growing table of distinct texts with a float64 vector sum and a weight per row: the accumulator both the
// query-log pass and the catalog pass fill before the model is frozen into typed arrays.
import { addUnitItemVector, type ItemSpace } from './query-model.ts';

export class TextTable {
  readonly texts: string[] = [];
  private readonly rowOf = new Map<string, number>();
  private sums: Float64Array;
  private weights: Float64Array;

  constructor(readonly dim: number) {
    this.sums = new Float64Array(dim * 64);
    this.weights = new Float64Array(64);
  }

  get size(): number {
    return this.texts.length;
  }

  /** The row of `text`, added if new. */
  row(text: string): number {
    let row = this.rowOf.get(text);
    if (row === undefined) {
      row = this.texts.length;
      this.texts.push(text);
      this.rowOf.set(text, row);
      if (row >= this.weights.length) this.grow();
    }
    return row;
  }

  find(text: string): number | undefined {
    return this.rowOf.get(text);
  }

  addWeight(row: number, weight: number): void {
    this.weights[row] = (this.weights[row] ?? 0) + weight;
  }

  weight(row: number): number {
    return this.weights[row] ?? 0;
  }

  /** Adds `weight` × the unit vector of item `itemRow`; false when the item's vector is zero. */
  addItem(row: number, space: ItemSpace, itemRow: number, weight: number): boolean {
    return addUnitItemVector(this.sums, row * this.dim, space, itemRow, weight);
  }

  /** The vector sum of `row` lives at `vectorSums()[row * dim ...]`. */
  vectorSums(): Float64Array {
    return this.sums;
  }

  private grow(): void {
    const weights = new Float64Array(this.weights.length * 2);
    weights.set(this.weights);
    this.weights = weights;
    const sums = new Float64Array(this.sums.length * 2);
    sums.set(this.sums);
    this.sums = sums;
  }
}
