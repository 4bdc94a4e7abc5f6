import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { WebhookTarget } from "@/server/jobs/webhook-target";

// One POST to a checked webhook target, connecting to the address that was checked (no second
// DNS lookup), with the URL's host name kept as the Host header and the TLS server name.
// node:http never follows redirects: a 3xx is an answer like any other.

/** How much of the receiver's answer is kept. */
export const RESPONSE_BODY_BYTES = 1024;

export type PinnedResponse = { status: number; body: string };

/** Answers every lookup of the request with the checked address. */
function pinnedLookup(target: WebhookTarget): LookupFunction {
  return (_hostname, options, callback) => {
    // With autoSelectFamily (Node's default) net asks for all addresses.
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}

export function postPinned(
  target: WebhookTarget,
  body: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<PinnedResponse> {
  const transport = target.url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(target.url, {
      method: "POST",
      headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
      lookup: pinnedLookup(target),
      // A fresh connection per delivery: a pooled one could have been opened to another address.
      agent: false,
      ...(target.url.protocol === "https:" && { servername: target.hostname }),
      signal,
    });
    // Also while the body is read: the request's own signal handling ends the socket, but
    // whether the response then errors depends on how far it got.
    const onAbort = () => {
      reject(signal.reason);
      request.destroy();
    };
    signal.addEventListener("abort", onAbort, { once: true });
    request.on("close", () => signal.removeEventListener("abort", onAbort));
    request.on("error", reject);
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      const finish = () => {
        resolve({
          status: response.statusCode ?? 0,
          body: Buffer.concat(chunks).subarray(0, RESPONSE_BODY_BYTES).toString("utf8"),
        });
      };
      response.on("data", (chunk: Buffer) => {
        if (kept >= RESPONSE_BODY_BYTES) return;
        chunks.push(chunk);
        kept += chunk.length;
        // Enough of the answer: the rest is not read (a receiver cannot make us hold more).
        if (kept >= RESPONSE_BODY_BYTES) {
          finish();
          response.destroy();
        }
      });
      response.on("end", finish);
      response.on("error", reject);
    });
    request.end(body);
  });
}
