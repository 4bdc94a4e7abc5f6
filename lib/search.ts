/**
 * How many matches, the most recently updated, a search ranks (server/services/entity-search.ts);
 * shared with the dashboard, which says so when a search matched more.
 */
export const SEARCH_CANDIDATES = 500;
