import { once } from "node:events";
import http, { type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

// A webhook receiver on loopback for the notification tests: records every request and answers
// as the test says (a status and body, or never).

export type ReceivedRequest = {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
};

export type ReceiverAnswer =
  { status: number; body?: string; headers?: Record<string, string> } | "never";

export type WebhookReceiver = {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  answer: (next: ReceiverAnswer) => void;
  close: () => Promise<void>;
};

export async function startWebhookReceiver(host = "127.0.0.1"): Promise<WebhookReceiver> {
  let current: ReceiverAnswer = { status: 200, body: "ok" };
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      requests.push({
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      if (current === "never") return;
      response.writeHead(current.status, current.headers ?? { "content-type": "text/plain" });
      response.end(current.body ?? "");
    });
  });
  server.listen(0, host);
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    requests,
    answer: (next) => {
      current = next;
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}
