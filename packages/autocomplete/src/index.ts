// @shopspace/autocomplete: pure numerics for session-aware search autocomplete. A worker builds a shop's query
// model (buildQueryModel) and stores serializeQueryModel's bytes; the API loads them (deserializeQueryModel,
// AutocompleteIndex.fromModel) and answers suggest() / items() with the session's vector (sessionVector).
export { AutocompleteError, AutocompleteErrorCode } from './autocomplete.errors.ts';
export { normalizePrefix, normalizeQuery, wordStarts } from './text/normalize.ts';
export { QuerySource, VECTOR_SCALE } from './model/query-model.ts';
export type { ItemSpace, ItemTable, QueryModel, QueryTable } from './model/query-model.ts';
export { MAX_PHRASE_WORDS, titlePhrases } from './model/catalog-candidates.ts';
export type { CatalogItem } from './model/catalog-candidates.ts';
export { buildQueryModel } from './model/query-model.builder.ts';
export type { QueryModelInput, QueryModelOptions, ShopEvent, ShopEventType } from './model/query-model.builder.ts';
export { deserializeQueryModel, serializeQueryModel } from './model/query-model.codec.ts';
export { AutocompleteIndex } from './index/autocomplete-index.ts';
export type { AutocompleteOptions, ItemHit, Suggestion } from './index/autocomplete-index.ts';
export { escapeHtml, highlight } from './index/highlight.ts';
export { SESSION_DECAY, sessionVector } from './session/session-vector.ts';
export { deriveSearchEvents } from './demo/derive-searches.ts';
export type { DeriveSearchOptions, SourceSession } from './demo/derive-searches.ts';
export { evaluateSuggestions, suggestionCases } from './eval/suggestion-mrr.ts';
export type { SuggestionCase, SuggestionEvaluationOptions, SuggestionMrrRow } from './eval/suggestion-mrr.ts';
