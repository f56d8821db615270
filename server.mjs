// The production entry (`npm start`). It exists because `next start` keeps a
// client-sent X-Forwarded-For as it is, so the app could never tell the
// socket's address from one the client made up. Here the socket's peer goes in
// a header of its own, with a key made for this process, after any copy a
// client sent is dropped; lib/auth/client-ip.ts reads only that header (and,
// behind TRUSTED_PROXY_HOPS proxies, that many X-Forwarded-For entries left of
// it). Started any other way, the app sees no keyed header and puts every
// client under one shared key.
// It also gives every request an id (x-request-id, kept from the proxy when
// TRUSTED_PROXY_HOPS says there is one and the id is well-formed) that the
// app's own log lines carry (lib/request-log.ts), and logs one JSON line per
// request: method, path without the query string (it may carry search terms
// typed by staff), status, duration.
import { randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import next from "next";
import pino from "pino";
import { observeRequest } from "./lib/ops/http-metrics.mjs";

const log = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "rematricula" },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
});

const port = Number.parseInt(process.env.PORT ?? "3000", 10);
const hostname = process.env.HOSTNAME ?? "0.0.0.0";
const app = next({ dev: false, hostname, port });
const handle = app.getRequestHandler();
const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;
// Only a proxy we trust may name the request (to correlate its logs with ours).
const keepSentId = (Number.parseInt(process.env.TRUSTED_PROXY_HOPS ?? "0", 10) || 0) > 0;
// Names kept in step with lib/auth/client-ip.ts (PEER_HEADER, PEER_KEY_ENV).
const PEER_HEADER = "x-rematricula-peer";
const peerKey = randomBytes(24).toString("base64url");
process.env.REMATRICULA_PEER_KEY = peerKey;

await app.prepare();
const server = createServer((req, res) => {
  const startedAt = process.hrtime.bigint();
  const sentId = req.headers["x-request-id"];
  const requestId = keepSentId && typeof sentId === "string" && REQUEST_ID.test(sentId) ? sentId : randomUUID();
  req.headers["x-request-id"] = requestId;
  res.setHeader("x-request-id", requestId);

  delete req.headers[PEER_HEADER];
  if (req.socket.remoteAddress) req.headers[PEER_HEADER] = `${peerKey} ${req.socket.remoteAddress}`;

  res.once("close", () => {
    const path = (req.url ?? "/").split("?", 1)[0].slice(0, 300);
    const ms = Number(process.hrtime.bigint() - startedAt) / 1e6;
    observeRequest(req.method, path, res.statusCode, ms / 1000);
    log.info({
      requestId,
      method: req.method,
      path,
      status: res.statusCode,
      ms,
      aborted: !res.writableFinished || undefined,
    }, "request");
  });
  handle(req, res);
});
// Idle keep-alive connections outlive the load balancer's own idle timeout (60 s
// on most), so the balancer never reuses a socket this server is closing.
server.keepAliveTimeout = Number.parseInt(process.env.KEEP_ALIVE_TIMEOUT_MS ?? "65000", 10) || 65_000;
server.headersTimeout = server.keepAliveTimeout + 1_000;
server.listen(port, hostname, () => {
  log.info({ port, hostname }, "listening");
});
