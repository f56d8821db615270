// The production entry (`npm start`). It exists for one reason: `next start`
// keeps a client-sent X-Forwarded-For as it is, so the app could never tell the
// socket's address from one the client made up. Here the socket's peer is
// appended to the chain before Next sees the request; lib/auth/client-ip.ts
// then trusts only the configured number of proxy hops from the right.
import { createServer } from "node:http";
import next from "next";

const port = Number.parseInt(process.env.PORT ?? "3000", 10);
const hostname = process.env.HOSTNAME ?? "0.0.0.0";
const app = next({ dev: false, hostname, port });
const handle = app.getRequestHandler();

await app.prepare();
createServer((req, res) => {
  const peer = req.socket.remoteAddress ?? "desconhecido";
  const sent = req.headers["x-forwarded-for"];
  const chain = Array.isArray(sent) ? sent.join(", ") : sent;
  req.headers["x-forwarded-for"] = chain ? `${chain}, ${peer}` : peer;
  handle(req, res);
}).listen(port, hostname, () => {
  console.log(JSON.stringify({ level: "info", msg: "listening", port, hostname }));
});
