// @shopspace/users: pure numerics for user recommendations — PinnerSage multi-interest profiles (Ward
// clustering, medoids, importance), two-tower neural CF, iALS, item-kNN and popularity behind one interface,
// and their evaluations (leave-one-out HR/NDCG, day-by-day relevance/recall). No I/O; deterministic under seeds.
export { UsersError, UsersErrorCode } from './users.errors.ts';
