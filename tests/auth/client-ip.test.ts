import { expect, test } from "vitest";
import { addressKey, clientKey, PEER_HEADER, SHARED_KEY } from "@/lib/auth/client-ip";

// server.mjs passes the socket's peer as "<process key> <address>" in PEER_HEADER.
const KEY = "chave-do-processo";
const req = (headers: Record<string, string>) => new Headers(headers);
const fromEntry = (peer: string, forwarded?: string) =>
  req({ [PEER_HEADER]: `${KEY} ${peer}`, ...(forwarded ? { "x-forwarded-for": forwarded } : {}) });

test("no proxy: the socket's peer, whatever the client wrote in X-Forwarded-For", () => {
  expect(clientKey(fromEntry("203.0.113.9"), 0, KEY)).toBe("203.0.113.9");
  expect(clientKey(fromEntry("203.0.113.9", "1.1.1.1, 2.2.2.2"), 0, KEY)).toBe("203.0.113.9");
});

test("one trusted proxy: the address that proxy saw, not the client's own claim", () => {
  // client claims 1.1.1.1; the proxy (10.0.0.2, the peer) appended the real 198.51.100.7
  expect(clientKey(fromEntry("10.0.0.2", "1.1.1.1, 198.51.100.7"), 1, KEY)).toBe("198.51.100.7");
  const seen = new Set(Array.from({ length: 20 }, (_, i) => clientKey(fromEntry("10.0.0.2", `10.9.${i}.1, 198.51.100.7`), 1, KEY)));
  expect([...seen]).toEqual(["198.51.100.7"]);
  // More hops configured than entries: the left-most, never beyond.
  expect(clientKey(fromEntry("10.0.0.2", "198.51.100.7"), 3, KEY)).toBe("198.51.100.7");
});

// The hole of issue 15: under `next start` nothing sets the peer, and the
// client's X-Forwarded-For decided the key (a fresh key per attempt).
test("without the production entry's header, every client shares one key, whatever it sends", () => {
  const forged = Array.from({ length: 20 }, (_, i) => clientKey(req({ "x-forwarded-for": `10.9.${i}.1` }), 0, KEY));
  expect(new Set(forged)).toEqual(new Set([SHARED_KEY]));
  expect(clientKey(req({ "x-forwarded-for": "10.9.0.1, 10.9.0.2" }), 1, KEY)).toBe(SHARED_KEY);
  // A client writing the header itself cannot know the process's key…
  expect(clientKey(req({ [PEER_HEADER]: "adivinhada 10.9.0.1" }), 0, KEY)).toBe(SHARED_KEY);
  expect(clientKey(req({ [PEER_HEADER]: "10.9.0.1" }), 0, KEY)).toBe(SHARED_KEY);
  // …and a process started without server.mjs has no key at all.
  expect(clientKey(req({ [PEER_HEADER]: `${KEY} 10.9.0.1` }), 0, undefined)).toBe(SHARED_KEY);
  expect(clientKey(req({ [PEER_HEADER]: `${KEY} ` }), 0, KEY)).toBe(SHARED_KEY);
});

test("IPv6 is keyed by its /64; an IPv4-mapped address is its IPv4", () => {
  expect(addressKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
  expect(addressKey("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
  expect(addressKey("2001:DB8:1:2:ffff::9")).toBe("2001:db8:1:2::/64");
  expect(addressKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
  expect(addressKey("[2001:db8:1:2::7]")).toBe("2001:db8:1:2::/64");
  expect(addressKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
  expect(addressKey("::1")).toBe("0:0:0:0::/64");
  expect(addressKey("::ffff:203.0.113.9")).toBe("203.0.113.9");
  expect(addressKey("::ffff:cb00:7109")).toBe("203.0.113.9");
  expect(addressKey("203.0.113.9")).toBe("203.0.113.9");
  expect(addressKey("não é endereço")).toBe("não é endereço");
  // Rotating the low 64 bits (every address of one subscriber) gives one key.
  const keys = new Set(Array.from({ length: 50 }, (_, i) => clientKey(fromEntry(`2001:db8:aa:bb::${(i + 1).toString(16)}`), 0, KEY)));
  expect([...keys]).toEqual(["2001:db8:aa:bb::/64"]);
  expect(clientKey(fromEntry("::ffff:198.51.100.7"), 0, KEY)).toBe("198.51.100.7");
});
