// Shopspace autocomplete widget: a dependency-free script that exposes `window.Shopspace`.
//
//   <script src="https://api.example.com/widget/shopspace-autocomplete.js"></script>
//   Shopspace.autocomplete(document.querySelector('#search'), { key: 'pk_live_…', shopId: '…' });
//   Shopspace.track('view', sku); // on product pages: the session the suggestions are personal to

import { attachAutocomplete, type AutocompleteHandle, type AutocompleteOptions } from './combobox.ts';
import { readSession, resetSession, track, type SessionState } from './session.ts';

export interface ShopspaceGlobal {
  autocomplete(input: HTMLInputElement, options: AutocompleteOptions): AutocompleteHandle;
  track(kind: 'view' | 'search', value: string): void;
  session(): SessionState;
  reset(): void;
}

const api: ShopspaceGlobal = {
  autocomplete: attachAutocomplete,
  track,
  session: readSession,
  reset: resetSession,
};

(globalThis as unknown as { Shopspace: ShopspaceGlobal }).Shopspace = api;
