// One id per request, on its log lines, in tRPC error data and in the `x-request-id` response
// header, so a user's report of an error finds its log line. proxy.ts assigns it to every request
// it sees; route handlers read it back (or make one when called without the proxy: the public
// API, which the proxy skips, and tests).

export const REQUEST_ID_HEADER = "x-request-id";

const WELL_FORMED = /^[A-Za-z0-9._:-]{8,128}$/;

/** The request's id: a well-formed `x-request-id` (from proxy.ts or a load balancer) or a new one. */
export function requestIdOf(headers: Headers): string {
  const given = headers.get(REQUEST_ID_HEADER);
  return given && WELL_FORMED.test(given) ? given : crypto.randomUUID();
}
