// Identifier checks. Ids are UUIDs in the database; anything else can never name an object, so it is NOT_FOUND
// before any query runs (and never a database cast error).

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (id: string): boolean => UUID.test(id);
