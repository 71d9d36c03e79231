// The shoppers a model version knows, in the index order its per-user parts use (GLMix user effects, re-purchase
// histories): a request's userId is looked up here.

import { utf8 } from '../binary.ts';
import { onlyFile, type ComponentCodec } from '../component.ts';

export interface KnownUsers {
  readonly ids: readonly string[];
}

export const usersComponent: ComponentCodec<KnownUsers> = {
  format: 1,
  encode(users) {
    return { files: new Map([['users.json', utf8.encode({ ids: users.ids })]]), meta: { users: users.ids.length } };
  },
  async decode(reader, entry) {
    const file = onlyFile(entry, 'users');
    const raw = utf8.decode(await reader.bytes(file), file) as { ids?: unknown };
    if (!Array.isArray(raw.ids) || !raw.ids.every((id) => typeof id === 'string'))
      throw new Error(`${file}: ids must be an array of strings`);
    return { ids: raw.ids };
  },
};
