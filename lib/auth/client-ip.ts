import { timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";

/**
 * The client's address for throttling sign-ins. Only the production entry
 * (server.mjs) knows the socket's peer; it passes it in PEER_HEADER, signed
 * with a key made for that process (PEER_KEY_ENV), after dropping any copy a
 * client sent. Under any other start command (`next start`, `next dev`) the
 * header cannot carry that key, so every request shares one key: never an
 * address the client wrote itself. Behind TRUSTED_PROXY_HOPS proxies, each of
 * which appended the address it saw to X-Forwarded-For, the client is that many
 * entries left of the peer, and never further: what a client writes into the
 * header itself stays to the left of what is read.
 */
export const PEER_HEADER = "x-rematricula-peer";
export const PEER_KEY_ENV = "REMATRICULA_PEER_KEY";
export const SHARED_KEY = "desconhecido";

export function clientKey(headers: Headers, trustedHops: number, peerKey = process.env[PEER_KEY_ENV]): string {
  const sent = headers.get(PEER_HEADER) ?? "";
  const space = sent.indexOf(" ");
  if (!peerKey || space < 0 || !sameKey(sent.slice(0, space), peerKey)) return SHARED_KEY;
  const peer = sent.slice(space + 1).trim();
  if (!peer) return SHARED_KEY;
  const hops = Number.isInteger(trustedHops) && trustedHops > 0 ? trustedHops : 0;
  const forwarded = hops ? (headers.get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean) : [];
  const chain = [...forwarded, peer];
  return addressKey(chain[Math.max(0, chain.length - 1 - hops)]);
}

function sameKey(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * One key per client: an IPv4 address as it is (also when written as the
 * IPv6-mapped `::ffff:a.b.c.d`), an IPv6 address by its /64 — one subscriber's
 * network, where every address is theirs to use. Anything else (a proxy that
 * wrote garbage) is kept as text, bounded.
 */
export function addressKey(raw: string): string {
  const addr = raw.replace(/^\[|\](:\d+)?$/g, "").replace(/%.*$/, "");
  if (isIP(addr) === 4) return addr;
  if (isIP(addr) !== 6) return raw.slice(0, 64);
  const g = ipv6Groups(addr);
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    return [g[6] >> 8, g[6] & 255, g[7] >> 8, g[7] & 255].join(".");
  }
  return `${g.slice(0, 4).map((x) => x.toString(16)).join(":")}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address ("::" expanded, a dotted IPv4 tail converted). */
function ipv6Groups(addr: string): number[] {
  let text = addr.toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return groups.map((x) => Number.parseInt(x, 16));
}

export function trustedProxyHops(): number {
  return Number.parseInt(process.env.TRUSTED_PROXY_HOPS ?? "0", 10) || 0;
}
