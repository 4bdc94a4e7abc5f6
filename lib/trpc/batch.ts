/**
 * The most tRPC calls one HTTP request may carry: the browser's httpBatchLink splits larger
 * batches, and the server refuses a larger one (400) before running any of its calls.
 */
export const MAX_BATCH_CALLS = 20;
