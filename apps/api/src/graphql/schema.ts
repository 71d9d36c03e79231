// The served schema: the verbatim public contract plus Shopspace's additions, read from the checked-in SDL.

import { readFileSync } from 'node:fs';

const read = (name: string): string => readFileSync(new URL(`../schema/${name}`, import.meta.url), 'utf8');

export const typeDefs = [read('contract.graphql'), read('extensions.graphql')];
