// How a trained model scores sessions: the algorithm it was trained with, its blend weight with item-kNN and
// the recency decay of session vectors. Legacy versions keep these fields in model.json.

import { utf8 } from '../binary.ts';
import { onlyFile, type ComponentCodec } from '../component.ts';

export interface ScoringSettings {
  readonly algorithm: string;
  /** Weight of item-kNN in the served score (0: the embedding alone). */
  readonly blend: number;
  /** Weight of each step back from a session's most recent item (1: plain mean). */
  readonly recencyDecay: number;
}

export const settingsComponent: ComponentCodec<ScoringSettings> = {
  format: 1,
  encode(s) {
    return { files: new Map([['settings.json', utf8.encode(s)]]) };
  },
  async decode(reader, entry) {
    const file = onlyFile(entry, 'settings');
    const raw = utf8.decode(await reader.bytes(file), file) as Record<string, unknown>;
    const algorithm = raw['algorithm'];
    const blend = raw['blend'];
    const decay = raw['recencyDecay'] ?? 1;
    if (typeof algorithm !== 'string' || typeof blend !== 'number' || typeof decay !== 'number')
      throw new Error(`${file}: algorithm, blend and recencyDecay are required`);
    return { algorithm, blend, recencyDecay: decay };
  },
};
