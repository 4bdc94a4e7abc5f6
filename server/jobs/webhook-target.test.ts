import { describe, expect, it } from "vitest";
import { PermanentJobError } from "@/server/jobs/types";
import {
  embeddedIpv4,
  refusedAddressReason,
  resolveWebhookTarget,
  webhookUrlProblem,
  type HostLookup,
} from "@/server/jobs/webhook-target";

const REFUSED_ALWAYS = [
  // IPv4 private, CGNAT, link-local, unspecified, multicast, reserved
  "10.0.0.1",
  "10.255.255.255",
  "172.16.0.1",
  "172.31.255.254",
  "192.168.1.1",
  "100.64.0.1",
  "100.127.255.255",
  "169.254.169.254",
  "0.0.0.0",
  "0.1.2.3",
  "224.0.0.1",
  "239.255.255.250",
  "255.255.255.255",
  // IPv6 unique local, link-local, unspecified, multicast
  "fc00::1",
  "fd12:3456:789a::1",
  "fe80::1",
  "fe80::1%eth0",
  "febf::1",
  "::",
  "ff02::1",
  // IPv4-mapped / compatible / NAT64 forms of refused IPv4 addresses, both notations
  "::ffff:10.0.0.1",
  "::ffff:a00:1",
  "::ffff:169.254.169.254",
  "::ffff:a9fe:a9fe",
  "::ffff:192.168.0.1",
  "::ffff:0.0.0.0",
  "::10.0.0.1",
  "64:ff9b::10.0.0.1",
];

const LOOPBACK = ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1", "::ffff:7f00:1"];

const PUBLIC = ["93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111"];

describe("refusedAddressReason", () => {
  it.each(REFUSED_ALWAYS)("refuses %s, with or without the loopback switch", (address) => {
    expect(refusedAddressReason(address, false)).toMatch(/private or reserved/);
    expect(refusedAddressReason(address, true)).toMatch(/private or reserved/);
  });

  it.each(LOOPBACK)("refuses loopback %s unless the switch is on", (address) => {
    expect(refusedAddressReason(address, false)).toMatch(/loopback/);
    expect(refusedAddressReason(address, true)).toBeNull();
  });

  it.each(PUBLIC)("allows the public address %s", (address) => {
    expect(refusedAddressReason(address, false)).toBeNull();
  });

  it("refuses what is not an address", () => {
    expect(refusedAddressReason("example.com", false)).toMatch(/not an IP address/);
  });
});

describe("embeddedIpv4", () => {
  it("reads the IPv4 address of mapped, compatible and NAT64 forms in both notations", () => {
    expect(embeddedIpv4("::ffff:7f00:1")).toBe("127.0.0.1");
    expect(embeddedIpv4("::FFFF:10.1.2.3")).toBe("10.1.2.3");
    expect(embeddedIpv4("::a9fe:a9fe")).toBe("169.254.169.254");
    expect(embeddedIpv4("64:ff9b::c0a8:1")).toBe("192.168.0.1");
    expect(embeddedIpv4("2606:4700::1111")).toBeNull();
    expect(embeddedIpv4("::1")).toBeNull();
  });
});

describe("webhookUrlProblem (no DNS: save time and before each delivery)", () => {
  const problem = (url: string, allowLoopback = false) =>
    webhookUrlProblem(new URL(url), allowLoopback);

  it("accepts an https URL with a host name, path and query", () => {
    expect(problem("https://hooks.example.com/agentforge?token=abc")).toBeNull();
  });

  it("refuses other schemes, credentials and plain http", () => {
    expect(problem("ftp://example.com/")).toMatch(/https/);
    expect(problem("https://user:pass@example.com/")).toMatch(/credentials/);
    expect(problem("https://user@example.com/")).toMatch(/credentials/);
    expect(problem("http://example.com/")).toMatch(/must use https/);
    // The switch allows plain http to loopback only.
    expect(problem("http://example.com/", true)).toMatch(/must use https/);
  });

  it("refuses private literals in every spelling the URL parser normalizes", () => {
    for (const url of [
      "https://10.0.0.1/",
      "https://[fd00::1]/",
      "https://[::ffff:169.254.169.254]/",
      "https://0x0a.0.0.1/", // hex: 10.0.0.1
      "https://167772161/", // decimal: 10.0.0.1
      "https://0/",
    ]) {
      expect(problem(url), url).toMatch(/private or reserved/);
    }
  });

  it("loopback literals and localhost: refused without the switch, http allowed with it", () => {
    expect(problem("https://127.0.0.1/")).toMatch(/loopback/);
    expect(problem("https://[::1]/")).toMatch(/loopback/);
    expect(problem("http://127.0.0.1:8080/hook", true)).toBeNull();
    expect(problem("http://[::1]:8080/hook", true)).toBeNull();
    expect(problem("http://localhost:8080/hook", true)).toBeNull();
    expect(problem("http://localhost:8080/hook", false)).toMatch(/must use https/);
    expect(problem("http://10.0.0.1/", true)).toMatch(/private or reserved/);
  });
});

/** A resolver that answers from a table, as dns.lookup(host, { all: true }) would. */
function fakeLookup(table: Record<string, string[]>): HostLookup {
  return async (hostname) => {
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
}

describe("resolveWebhookTarget", () => {
  const lookup = fakeLookup({
    "public.example": ["93.184.216.34", "2606:2800:220:1::1"],
    "internal.example": ["10.1.2.3"],
    "mixed.example": ["93.184.216.34", "192.168.0.10"],
    "metadata.example": ["169.254.169.254"],
    "mapped.example": ["::ffff:10.0.0.7"],
    "ula.example": ["fd00::7"],
    "loopback.example": ["127.0.0.1"],
    "v6loopback.example": ["::1"],
  });
  const refusedWith = async (url: string, allowLoopback = false) => {
    const error = await resolveWebhookTarget(url, { allowLoopback, lookup }).catch((e) => e);
    expect(error, url).toBeInstanceOf(PermanentJobError);
    return (error as Error).message;
  };

  it("pins the first address of a public host and keeps the host name", async () => {
    const target = await resolveWebhookTarget("https://public.example/hook?x=1", {
      allowLoopback: false,
      lookup,
    });
    expect(target).toMatchObject({
      hostname: "public.example",
      address: "93.184.216.34",
      family: 4,
    });
    expect(target.url.pathname).toBe("/hook");
  });

  it("refuses a host when ANY of its addresses is refused", async () => {
    expect(await refusedWith("https://mixed.example/")).toMatch(
      /mixed\.example resolves to 192\.168\.0\.10/,
    );
  });

  it.each(["internal", "metadata", "mapped", "ula"])(
    "refuses %s.example (a private address behind a name), even with the switch",
    async (name) => {
      expect(await refusedWith(`https://${name}.example/`)).toMatch(/private or reserved/);
      expect(await refusedWith(`https://${name}.example/`, true)).toMatch(/private or reserved/);
    },
  );

  it("a name resolving to loopback: refused without the switch, allowed with it", async () => {
    expect(await refusedWith("http://loopback.example/")).toMatch(/must use https/);
    expect(await refusedWith("https://loopback.example/")).toMatch(/loopback/);
    expect(await refusedWith("https://v6loopback.example/")).toMatch(/loopback/);
    await expect(
      resolveWebhookTarget("https://loopback.example:9/", { allowLoopback: true, lookup }),
    ).resolves.toMatchObject({ address: "127.0.0.1" });
    await expect(
      resolveWebhookTarget("https://v6loopback.example:9/", { allowLoopback: true, lookup }),
    ).resolves.toMatchObject({ address: "::1", family: 6 });
  });

  it("plain http only to localhost or a loopback literal, and only while it resolves to loopback", async () => {
    expect(await refusedWith("http://loopback.example:9/", true)).toMatch(/must use https/);
    await expect(
      resolveWebhookTarget("http://localhost:9/", {
        allowLoopback: true,
        lookup: fakeLookup({ localhost: ["127.0.0.1", "::1"] }),
      }),
    ).resolves.toMatchObject({ hostname: "localhost", address: "127.0.0.1" });
    const hijacked = await resolveWebhookTarget("http://localhost:9/", {
      allowLoopback: true,
      lookup: fakeLookup({ localhost: ["93.184.216.34"] }),
    }).catch((e: unknown) => e as Error);
    expect(hijacked).toBeInstanceOf(PermanentJobError);
    expect((hijacked as Error).message).toMatch(/must use https/);
  });

  it("plain http to a public host is refused even with the switch", async () => {
    expect(await refusedWith("http://public.example/", true)).toMatch(/https/);
  });

  it("refuses credentials, other schemes and a malformed URL without resolving", async () => {
    let looked = 0;
    const counting: HostLookup = async (host) => {
      looked += 1;
      return lookup(host);
    };
    for (const url of ["https://a:b@public.example/", "file:///etc/passwd", "not a url"]) {
      const error = await resolveWebhookTarget(url, { allowLoopback: false, lookup: counting })
        .then(() => null)
        .catch((e: unknown) => e);
      expect(error, url).toBeInstanceOf(PermanentJobError);
    }
    expect(looked).toBe(0);
  });

  it("a host that does not resolve fails the attempt (retried), naming the DNS code", async () => {
    const error = await resolveWebhookTarget("https://nowhere.example/", {
      allowLoopback: false,
      lookup,
    }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PermanentJobError);
    expect((error as Error).message).toMatch(/nowhere\.example: ENOTFOUND/);
  });
});
