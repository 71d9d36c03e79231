// The feature tower of a model version: the tower's weights (`tower.ssft`, encodeTower), its int8 index over the
// model's items and the catalog items without sessions (`tower-index.ssix`, encodeInt8Index), and the skus of
// the labels past the vocabulary with the time they were embedded (`tower.json`). Both binary files carry
// their own magic, version, length and CRC-32, checked on read.

import { decodeInt8Index, decodeTower, encodeInt8Index, encodeTower } from '@shopspace/feature-tower';
import type { ComponentCodec } from '../component.ts';
import type { TowerParts } from '../../live-tower.ts';

const TOWER_FILE = 'tower.ssft';
const INDEX_FILE = 'tower-index.ssix';
const META_FILE = 'tower.json';

export const towerComponent: ComponentCodec<TowerParts> = {
  format: 1,
  encode(parts) {
    const meta = { vocabularySize: parts.vocabularySize, embeddedAt: parts.embeddedAt, extraSkus: parts.extraSkus };
    return {
      files: new Map([
        [TOWER_FILE, encodeTower(parts.tower)],
        [INDEX_FILE, encodeInt8Index(parts.index)],
        [META_FILE, new TextEncoder().encode(JSON.stringify(meta))],
      ]),
      meta: { dim: parts.index.dim, items: parts.index.size, extraItems: parts.extraSkus.length },
    };
  },
  async decode(reader) {
    const tower = decodeTower(await reader.bytes(TOWER_FILE), TOWER_FILE);
    const index = decodeInt8Index(await reader.bytes(INDEX_FILE), INDEX_FILE);
    const meta = JSON.parse(new TextDecoder().decode(await reader.bytes(META_FILE))) as Partial<{
      vocabularySize: number;
      embeddedAt: number;
      extraSkus: string[];
    }>;
    if (typeof meta.vocabularySize !== 'number' || !Array.isArray(meta.extraSkus))
      throw new Error(`${META_FILE} lacks vocabularySize or extraSkus`);
    return {
      tower,
      index,
      vocabularySize: meta.vocabularySize,
      embeddedAt: typeof meta.embeddedAt === 'number' ? meta.embeddedAt : 0,
      extraSkus: meta.extraSkus,
    };
  },
};
