// The embedding map's 2-D layout (t-SNE of the most frequent items, computed at training time).

import { bytesOf, concat, copyOut, header, readHeader } from '../binary.ts';
import { onlyFile, type ComponentCodec } from '../component.ts';

export interface ModelLayout {
  /** Vocabulary indices of the laid-out items. */
  readonly rows: Int32Array;
  /** x, y per row, interleaved. */
  readonly points: Float32Array;
  readonly perplexity: number;
}

const MAGIC = 0x59414c53; // "SLAY"

export const layoutComponent: ComponentCodec<ModelLayout> = {
  format: 1,
  encode({ rows, points, perplexity }) {
    if (points.length !== rows.length * 2)
      throw new Error(`layout holds ${points.length} coordinates for ${rows.length} rows, expected two a row`);
    const bad = rows.findIndex((r) => r < 0);
    if (bad >= 0) throw new Error(`layout.rows[${bad}] = ${rows[bad]} is not an item`);
    const data = concat([header(MAGIC, 1, rows.length, Math.round(perplexity)), bytesOf(rows), bytesOf(points)]);
    return { files: new Map([['layout.bin', data]]) };
  },
  async decode(reader, entry) {
    const file = onlyFile(entry, 'layout');
    const data = await reader.bytes(file);
    const [count, perplexity] = readHeader(data, MAGIC, 1, file);
    const rows = copyOut(Int32Array, data, 16, count, file);
    const points = copyOut(Float32Array, data, 16 + 4 * count, 2 * count, file);
    return { rows, points, perplexity };
  },
};
