/**
 * The client's address for throttling. server.mjs appends the socket's peer to
 * X-Forwarded-For, so the right-most entry is always the real neighbour; each
 * trusted proxy in front (TRUSTED_PROXY_HOPS) appended the address it saw, so
 * we step that many entries to the left and never further: whatever a client
 * writes into the header itself stays to the left of what we read.
 */
export function clientIp(forwardedFor: string | null | undefined, trustedHops: number): string {
  const chain = (forwardedFor ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (chain.length === 0) return "desconhecido";
  const hops = Number.isInteger(trustedHops) && trustedHops > 0 ? trustedHops : 0;
  return chain[Math.max(0, chain.length - 1 - hops)].slice(0, 64);
}

export function trustedProxyHops(): number {
  return Number.parseInt(process.env.TRUSTED_PROXY_HOPS ?? "0", 10) || 0;
}
