import { lookup as dnsLookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { PermanentJobError } from "@/server/jobs/types";

// Where a notification may be delivered (docs/notifications.md). The URL is a tenant's, so the
// server must not become their way into its own network: every address the host resolves to is
// checked, and the request then connects to the checked address (pinned), so a second lookup
// (DNS rebinding) cannot swap in another one.

/** An address a host resolves to, as `dns.lookup(host, { all: true })` answers. */
export type ResolvedAddress = { address: string; family: number };

/** Resolves a host name to all its addresses; injected in tests. */
export type HostLookup = (hostname: string) => Promise<ResolvedAddress[]>;

export type WebhookTargetOptions = {
  /** Loopback (127/8, ::1) allowed: NOTIFICATION_ALLOW_LOOPBACK, for tests only. */
  allowLoopback: boolean;
  lookup?: HostLookup;
};

/** A URL checked for delivery, with the address to connect to. */
export type WebhookTarget = {
  url: URL;
  /** The host name without IPv6 brackets: the Host header and the TLS server name. */
  hostname: string;
  address: string;
  family: 4 | 6;
};

const loopback = new BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

/** Never reachable from a tenant's webhook, whatever the environment. */
const refused = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network", including the unspecified 0.0.0.0
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["169.254.0.0", 16], // link-local, where cloud metadata services answer
  ["172.16.0.0", 12],
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, and the broadcast address
] as const) {
  refused.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128], // unspecified
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
  ["100::", 64], // discard-only
] as const) {
  refused.addSubnet(network, prefix, "ipv6");
}

function hexPairToIpv4(high: string, low: string): string {
  const value = (parseInt(high, 16) << 16) | parseInt(low, 16);
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join(".");
}

/**
 * The IPv4 address an IPv6 address carries, for the forms that reach an IPv4 host:
 * IPv4-mapped (::ffff:a.b.c.d), the deprecated IPv4-compatible (::a.b.c.d) and NAT64
 * (64:ff9b::a.b.c.d). Node may write the last 32 bits as dotted quad or as two hex groups.
 */
export function embeddedIpv4(ipv6: string): string | null {
  const lower = ipv6.toLowerCase();
  const match =
    /^(::ffff:|::|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/.exec(lower);
  if (!match) return null;
  if (match[2]) return isIP(match[2]) === 4 ? match[2] : null;
  return hexPairToIpv4(match[3]!, match[4]!);
}

/**
 * Why a delivery to this address is refused, or null when it is allowed. Loopback is refused
 * unless `allowLoopback`; private, link-local, unspecified, multicast and reserved ranges
 * always are, also inside an IPv6 address that carries an IPv4 one.
 */
export function refusedAddressReason(address: string, allowLoopback: boolean): string | null {
  const bare = address.replace(/%.*$/, ""); // an IPv6 zone index names an interface, not a host
  const family = isIP(bare);
  if (family === 0) return `${address} is not an IP address`;
  const embedded = family === 6 ? embeddedIpv4(bare) : null;
  if (embedded !== null) {
    const reason = refusedAddressReason(embedded, allowLoopback);
    return reason && `${bare} (${reason})`;
  }
  const type = family === 4 ? "ipv4" : "ipv6";
  if (loopback.check(bare, type)) {
    return allowLoopback ? null : `${bare} is a loopback address`;
  }
  if (refused.check(bare, type)) return `${bare} is a private or reserved address`;
  return null;
}

/** The host of a URL without the brackets of an IPv6 literal. */
function bareHostname(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/**
 * What can be told without DNS: an https URL without credentials, whose host, if it is an IP
 * literal, is not refused; plain http only to a loopback host with the test switch on. Null
 * when it passes. Checked when the URL is saved and again before each delivery.
 */
export function webhookUrlProblem(url: URL, allowLoopback: boolean): string | null {
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must be an https URL";
  if (url.username !== "" || url.password !== "") return "must not contain credentials";
  const host = bareHostname(url);
  if (host === "") return "must name a host";
  if (isIP(host) !== 0) {
    const reason = refusedAddressReason(host, allowLoopback);
    if (reason) return `must not point at ${reason}`;
  }
  const loopbackHost = host === "localhost" || isLoopback(host);
  if (url.protocol === "http:" && !(allowLoopback && loopbackHost)) return "must use https";
  return null;
}

const systemLookup: HostLookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * Checks a notification URL and resolves its host. Refused (a PermanentJobError: retrying
 * cannot help) when the URL is not http(s), holds credentials, or ANY address the host
 * resolves to is refused; plain http only to loopback with the test switch on.
 */
export async function resolveWebhookTarget(
  rawUrl: string,
  options: WebhookTargetOptions,
): Promise<WebhookTarget> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new PermanentJobError("The notification webhook URL is not a valid URL");
  }
  const problem = webhookUrlProblem(url, options.allowLoopback);
  if (problem) throw new PermanentJobError(`The notification webhook URL ${problem}`);
  const hostname = bareHostname(url);
  let addresses: ResolvedAddress[];
  if (isIP(hostname) !== 0) {
    addresses = [{ address: hostname, family: isIP(hostname) }];
  } else {
    try {
      addresses = await (options.lookup ?? systemLookup)(hostname);
    } catch (error) {
      // A name that does not resolve now may later (retried); the DNS code says which.
      const code = (error as { code?: string }).code ?? "lookup failed";
      throw new Error(`Could not resolve the notification webhook host ${hostname}: ${code}`);
    }
  }
  if (addresses.length === 0) {
    throw new Error(`Could not resolve the notification webhook host ${hostname}`);
  }
  for (const { address } of addresses) {
    const reason = refusedAddressReason(address, options.allowLoopback);
    if (reason) {
      throw new PermanentJobError(
        `The notification webhook host ${hostname} resolves to ${reason}: refused`,
      );
    }
  }
  if (url.protocol === "http:" && !addresses.every(({ address }) => isLoopback(address))) {
    throw new PermanentJobError("The notification webhook URL must use https");
  }
  const [first] = addresses;
  return { url, hostname, address: first!.address, family: first!.family === 6 ? 6 : 4 };
}

function isLoopback(address: string): boolean {
  const family = isIP(address);
  if (family === 6) {
    const embedded = embeddedIpv4(address);
    if (embedded) return loopback.check(embedded, "ipv4");
  }
  return family !== 0 && loopback.check(address, family === 4 ? "ipv4" : "ipv6");
}
