import { expect, test } from "vitest";
import { clientIp } from "@/lib/auth/client-ip";

// server.mjs appends the socket's peer, so the last entry is always real.
test("no proxy: the socket's peer, whatever the client wrote before it", () => {
  expect(clientIp("203.0.113.9", 0)).toBe("203.0.113.9");
  expect(clientIp("1.1.1.1, 2.2.2.2, 203.0.113.9", 0)).toBe("203.0.113.9");
});

test("one trusted proxy: the address that proxy saw, not the client's own claim", () => {
  // client claims 1.1.1.1; the proxy appended the real 198.51.100.7; the proxy itself is 10.0.0.2
  expect(clientIp("1.1.1.1, 198.51.100.7, 10.0.0.2", 1)).toBe("198.51.100.7");
});

test("a rotated header does not change the address read", () => {
  const seen = new Set(Array.from({ length: 20 }, (_, i) => clientIp(`10.9.${i}.1, 198.51.100.7, 10.0.0.2`, 1)));
  expect([...seen]).toEqual(["198.51.100.7"]);
});

test("more hops configured than entries: the left-most, and missing headers are one bucket", () => {
  expect(clientIp("198.51.100.7", 3)).toBe("198.51.100.7");
  expect(clientIp(null, 0)).toBe("desconhecido");
  expect(clientIp(" , ", 0)).toBe("desconhecido");
});
