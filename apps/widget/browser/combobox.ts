// Turns an <input> into a WAI-ARIA combobox with a listbox popup (the APG "list autocomplete" pattern): the
// input keeps focus, aria-activedescendant names the active option, ArrowDown/ArrowUp move, Enter picks,
// Escape closes (or clears when closed), the mouse works too. Requests are debounced, the one in flight is
// aborted when the shopper types on, and an answer older than the newest request is dropped.

import { fetchAutocomplete, sendTracking, type AutocompleteAnswer, type ClientConfig } from './client.ts';
import { readSession, track } from './session.ts';

export type Choice =
  | { readonly kind: 'query'; readonly text: string; readonly requestId: string }
  | { readonly kind: 'item'; readonly sku: string; readonly title: string; readonly requestId: string };

export interface AutocompleteOptions {
  /** A publishable key (pk_…); a secret key is refused. */
  readonly key: string;
  readonly shopId: string;
  /** The API's origin; default: where this script was loaded from. */
  readonly endpoint?: string;
  /** Suggestions shown (1-20, default 8). */
  readonly first?: number;
  /** Show matching products under the suggestions (default true). */
  readonly items?: boolean;
  /** The experiment placement, if one runs on the search box. */
  readonly placement?: string;
  /** A signed-in shopper's id (experiment assignment); otherwise the session id is used. */
  readonly userId?: string;
  /** Milliseconds without typing before a request (default 120). */
  readonly debounceMs?: number;
  /** Formats a product price (default: the number with two decimals). */
  readonly formatPrice?: (price: number) => string;
  readonly onSelect?: (choice: Choice) => void;
  readonly onError?: (error: Error) => void;
}

export interface AutocompleteHandle {
  close(): void;
  destroy(): void;
}

interface Option {
  readonly id: string;
  readonly element: HTMLElement;
  readonly choice: Choice;
  readonly trackingId: string;
}

const STYLE_ID = 'shopspace-autocomplete-style';
const CSS =
  '.ssac-list{position:absolute;z-index:2147483000;box-sizing:border-box;margin:2px 0 0;padding:4px 0;background:#fff;' +
  'border:1px solid #ccc;border-radius:6px;box-shadow:0 6px 18px rgba(0,0,0,.12);max-height:26rem;overflow-y:auto;' +
  'font:inherit;color:#1d1d1f}.ssac-list[hidden]{display:none}.ssac-head{padding:6px 12px 2px;font-size:.75em;' +
  'text-transform:uppercase;letter-spacing:.04em;color:#666}.ssac-opt{padding:6px 12px;cursor:pointer;' +
  'display:flex;justify-content:space-between;gap:1em}.ssac-opt[aria-selected=true]{background:#e8f0fe}' +
  '.ssac-opt b{font-weight:700}.ssac-price{color:#555;white-space:nowrap}';

let instances = 0;

function scriptOrigin(): string {
  const src = document.currentScript instanceof HTMLScriptElement ? document.currentScript.src : '';
  try {
    return src ? new URL(src).origin : location.origin;
  } catch {
    return location.origin;
  }
}

/** Captured while the script first runs: document.currentScript is null later. */
const DEFAULT_ENDPOINT = scriptOrigin();

function injectStyle(): void {
  if (document.getElementById(STYLE_ID)) return;
  const style = document.createElement('style');
  style.id = STYLE_ID;
  style.textContent = CSS;
  document.head.appendChild(style);
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string>,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

export function attachAutocomplete(input: HTMLInputElement, options: AutocompleteOptions): AutocompleteHandle {
  if (!(input instanceof HTMLInputElement)) throw new TypeError('Shopspace.autocomplete needs an <input> element');
  if (typeof options.key !== 'string' || !options.key.startsWith('pk_')) {
    throw new Error('Shopspace.autocomplete takes a publishable key (pk_…); never put a secret key in a page');
  }
  const config: ClientConfig = {
    endpoint: (options.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, ''),
    key: options.key,
    shopId: options.shopId,
    placement: options.placement,
    userId: options.userId,
  };
  const first = Math.min(20, Math.max(1, Math.floor(options.first ?? 8)));
  const debounceMs = options.debounceMs ?? 120;
  const price = options.formatPrice ?? ((p: number) => p.toFixed(2));
  const id = `ssac-${++instances}`;
  injectStyle();

  const list = element('div', { id: `${id}-list`, role: 'listbox', class: 'ssac-list', hidden: '' });
  list.setAttribute('aria-label', 'Search suggestions');
  input.insertAdjacentElement('afterend', list);
  const previous = ['role', 'aria-autocomplete', 'aria-expanded', 'aria-controls', 'autocomplete'].map(
    (name) => [name, input.getAttribute(name)] as const,
  );
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', list.id);
  input.setAttribute('autocomplete', 'off');

  let shown: Option[] = [];
  let active = -1;
  let sequence = 0;
  let inFlight: AbortController | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const isOpen = (): boolean => !list.hidden;

  function setActive(index: number): void {
    shown[active]?.element.setAttribute('aria-selected', 'false');
    active = index;
    const option = shown[index];
    if (option) {
      option.element.setAttribute('aria-selected', 'true');
      input.setAttribute('aria-activedescendant', option.id);
      option.element.scrollIntoView?.({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function open(): void {
    if (shown.length === 0) return;
    list.style.top = `${input.offsetTop + input.offsetHeight}px`;
    list.style.left = `${input.offsetLeft}px`;
    list.style.minWidth = `${input.offsetWidth}px`;
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }

  function close(): void {
    setActive(-1);
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
  }

  function cancel(): void {
    clearTimeout(timer);
    inFlight?.abort();
    inFlight = null;
    sequence++;
  }

  function render(answer: AutocompleteAnswer): void {
    list.replaceChildren();
    shown = [];
    active = -1;
    input.removeAttribute('aria-activedescendant');
    const group = (label: string): HTMLElement => {
      const g = element('div', { role: 'group', 'aria-labelledby': `${id}-${label}` });
      g.appendChild(element('div', { id: `${id}-${label}`, class: 'ssac-head', role: 'presentation' }, label));
      list.appendChild(g);
      return g;
    };
    const add = (parent: HTMLElement, node: HTMLElement, choice: Choice, trackingId: string): void => {
      node.id = `${id}-opt-${shown.length}`;
      node.setAttribute('role', 'option');
      node.setAttribute('aria-selected', 'false');
      node.className = 'ssac-opt';
      node.dataset['index'] = String(shown.length);
      parent.appendChild(node);
      shown.push({ id: node.id, element: node, choice, trackingId });
    };
    if (answer.suggestions.length > 0) {
      const g = group('Searches');
      for (const s of answer.suggestions) {
        const node = element('div', {});
        // The API escapes the text and adds only <b> around the match.
        if (s.highlight) node.innerHTML = s.highlight;
        else node.textContent = s.text;
        add(g, node, { kind: 'query', text: s.text, requestId: answer.requestId }, s.trackingId);
      }
    }
    if (options.items !== false && answer.items.length > 0) {
      const g = group('Products');
      for (const { item } of answer.items) {
        const node = element('div', {});
        node.appendChild(element('span', {}, item.title));
        if (item.price !== null) node.appendChild(element('span', { class: 'ssac-price' }, price(item.price)));
        const choice: Choice = { kind: 'item', sku: item.sku, title: item.title, requestId: answer.requestId };
        add(g, node, choice, item.sku);
      }
    }
    if (shown.length === 0) {
      close();
      return;
    }
    if (document.activeElement === input) open();
    sendTracking(config, answer.requestId, { impressions: shown.map((o) => o.trackingId) });
  }

  async function request(prefix: string): Promise<void> {
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    const mine = ++sequence;
    try {
      const answer = await fetchAutocomplete(config, prefix, first, readSession(), controller.signal);
      if (mine !== sequence) return; // a newer request was made: this answer is stale
      render(answer);
    } catch (error) {
      if (mine !== sequence || controller.signal.aborted) return;
      close();
      options.onError?.(error instanceof Error ? error : new Error(String(error)));
    } finally {
      if (inFlight === controller) inFlight = null;
    }
  }

  function choose(index: number): void {
    const option = shown[index];
    if (!option) return;
    const { choice } = option;
    sendTracking(config, choice.requestId, { click: option.trackingId });
    if (choice.kind === 'query') {
      input.value = choice.text;
      track('search', choice.text);
    }
    cancel();
    close();
    input.dispatchEvent(new CustomEvent('shopspace:select', { detail: choice, bubbles: true }));
    options.onSelect?.(choice);
  }

  const onInput = (): void => {
    cancel();
    const prefix = input.value;
    if (prefix.trim() === '') {
      close();
      shown = [];
      return;
    }
    timer = setTimeout(() => void request(prefix.slice(0, 100)), debounceMs);
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.isComposing) return;
    const n = shown.length;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!isOpen()) {
          open();
          if (isOpen()) setActive(0);
        } else if (n > 0) setActive((active + 1) % n);
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (!isOpen()) {
          open();
          if (isOpen()) setActive(n - 1);
        } else if (n > 0) setActive(active <= 0 ? n - 1 : active - 1);
        break;
      case 'Enter':
        if (isOpen() && active >= 0) {
          event.preventDefault();
          choose(active);
        }
        break;
      case 'Escape':
        if (isOpen()) {
          event.preventDefault();
          close();
        } else if (input.value !== '') {
          event.preventDefault();
          input.value = '';
          cancel();
          shown = [];
        }
        break;
      case 'Tab':
        close();
        break;
      default:
        break;
    }
  };

  const optionIndex = (event: Event): number => {
    const target = event.target instanceof Element ? event.target.closest('[role=option]') : null;
    return target instanceof HTMLElement ? Number(target.dataset['index'] ?? -1) : -1;
  };
  // mousedown would move focus out of the input (and close the list) before the click lands.
  const onMouseDown = (event: MouseEvent): void => event.preventDefault();
  const onClick = (event: MouseEvent): void => choose(optionIndex(event));
  const onMouseMove = (event: MouseEvent): void => {
    const index = optionIndex(event);
    if (index >= 0 && index !== active) setActive(index);
  };
  const onBlur = (): void => close();
  const onFocus = (): void => {
    if (input.value.trim() !== '' && shown.length > 0) open();
  };

  input.addEventListener('input', onInput);
  input.addEventListener('keydown', onKeyDown);
  input.addEventListener('blur', onBlur);
  input.addEventListener('focus', onFocus);
  list.addEventListener('mousedown', onMouseDown);
  list.addEventListener('click', onClick);
  list.addEventListener('mousemove', onMouseMove);

  return {
    close,
    destroy() {
      cancel();
      input.removeEventListener('input', onInput);
      input.removeEventListener('keydown', onKeyDown);
      input.removeEventListener('blur', onBlur);
      input.removeEventListener('focus', onFocus);
      input.removeAttribute('aria-activedescendant');
      for (const [name, value] of previous) {
        if (value === null) input.removeAttribute(name);
        else input.setAttribute(name, value);
      }
      list.remove();
    },
  };
}
