// Category paths interned as a tree of nodes, so an index keeps one Int32 per item and a "category prefix"
// filter is a walk up at most depth parents. Nodes can be added at runtime (a new item in a new category).
import { normalizeText } from '../features/text-tokens.ts';

/** Node 0 is the root (the empty path); every item without a category sits there. */
export class CategoryTree {
  private readonly parents: number[] = [-1];
  private readonly depths: number[] = [0];
  private readonly names: string[] = [''];
  private readonly children = new Map<string, number>();

  get size(): number {
    return this.parents.length;
  }

  /** Node of the path, creating missing nodes. Segments are compared normalised (case, accents, punctuation). */
  intern(path: readonly string[]): number {
    let node = 0;
    for (const segment of path) {
      const name = normalizeText(segment);
      const key = `${node}/${name}`;
      let child = this.children.get(key);
      if (child === undefined) {
        child = this.parents.length;
        this.parents.push(node);
        this.depths.push(this.depths[node]! + 1);
        this.names.push(name);
        this.children.set(key, child);
      }
      node = child;
    }
    return node;
  }

  /** Node of the path if every segment exists, else -1 (no item can match it). */
  find(path: readonly string[]): number {
    let node = 0;
    for (const segment of path) {
      const child = this.children.get(`${node}/${normalizeText(segment)}`);
      if (child === undefined) return -1;
      node = child;
    }
    return node;
  }

  /** True when `ancestor` is `node` or one of its ancestors. */
  within(node: number, ancestor: number): boolean {
    const target = this.depths[ancestor]!;
    let current = node;
    while (this.depths[current]! > target) current = this.parents[current]!;
    return current === ancestor;
  }

  /** The tree as parallel arrays (node 0 omitted), for the codec. */
  toJSON(): { readonly parents: number[]; readonly names: string[] } {
    return { parents: this.parents.slice(1), names: this.names.slice(1) };
  }

  static fromJSON(data: { readonly parents: readonly number[]; readonly names: readonly string[] }): CategoryTree {
    const tree = new CategoryTree();
    data.parents.forEach((parent, i) => {
      const node = i + 1;
      if (!Number.isInteger(parent) || parent < 0 || parent >= node)
        throw new RangeError(`category node ${node}: bad parent ${parent}`);
      const name = data.names[i] ?? '';
      tree.parents.push(parent);
      tree.depths.push(tree.depths[parent]! + 1);
      tree.names.push(name);
      tree.children.set(`${parent}/${name}`, node);
    });
    return tree;
  }
}
