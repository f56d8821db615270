// Runs after every `npm install` / `npm ci` (package.json "postinstall").
//
// postgres.js 3.4.9 (the newest release) mishandles a connection that dies
// under an open transaction (porsager/postgres#1154, #1208; the upstream fixes
// #1168/#1176/#1209 are not released):
//   1. the transaction's next query is buffered, a setImmediate writes it to the
//      socket that closed() set to null, and the TypeError has no caller to
//      catch it: the whole Node process dies;
//   2. once the pool has connected that connection again, a query issued later
//      by the dead transaction's callback runs on the new session, outside any
//      transaction (a partial import could commit);
//   3. bytes buffered when the socket closed are sent ahead of the next startup
//      message.
// The edits below reject those queries with CONNECTION_CLOSED instead and drop
// the stale bytes; tests/faults/closed-socket.test.ts and restart.test.ts prove
// the behaviour on a real server.
//
// Each edit is exact: if the driver's code is not the one this was written for
// (a new version), installing fails loudly rather than running unguarded.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const VERSION = "3.4.9";
const MARK = "/* rematricula: closed connection guard */";
const DIRS = ["src", "cjs/src", "cf/src"];

const EDITS = [
  {
    file: "connection.js",
    from: `  function nextWrite(fn) {
    const x = socket.write(chunk, fn)`,
    to: `  function nextWrite(fn) {
    if (socket === null) { ${MARK}
      nextWriteTimer !== null && clearImmediate(nextWriteTimer)
      chunk = nextWriteTimer = null
      const err = Errors.connection('CONNECTION_CLOSED', options)
      query && queryError(query, err)
      while (sent.length)
        queryError(sent.shift(), err)
      query = null
      return false
    }
    const x = socket.write(chunk, fn)`,
  },
  {
    file: "connection.js",
    from: `    clearImmediate(nextWriteTimer)
    socket.removeListener('data', data)`,
    to: `    clearImmediate(nextWriteTimer)
    chunk = nextWriteTimer = null ${MARK}
    socket.removeListener('data', data)`,
  },
  {
    file: "index.js",
    from: `        new Promise((_, reject) => connection.onclose = reject)`,
    to: `        new Promise((_, reject) => connection.onclose = e => { ${MARK}
          lost = e
          while (queries.length)
            queries.shift().reject(e)
          reject(e)
        })`,
  },
  {
    file: "index.js",
    from: `    let savepoints = 0
      , connection`,
    to: `    let savepoints = 0
      , lost = null ${MARK}
      , connection`,
  },
  {
    file: "index.js",
    from: `        q.catch(e => uncaughtError || (uncaughtError = e))
        c.queue === full`,
    to: `        q.catch(e => uncaughtError || (uncaughtError = e))
        if (lost) ${MARK}
          return q.reject(lost)
        c.queue === full`,
  },
];

const require = createRequire(import.meta.url);
let entry;
try {
  entry = require.resolve("postgres"); // <root>/cjs/src/index.js
} catch (e) {
  // An install without the driver has nothing to guard.
  if (e.code === "MODULE_NOT_FOUND") process.exit(0);
  throw e;
}
const root = path.resolve(path.dirname(entry), "../..");
const { version } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
if (version !== VERSION) {
  console.error(`scripts/patch-postgres.mjs: written for postgres ${VERSION}, found ${version}; check whether the release fixes these, then update or remove this patch.`);
  process.exit(1);
}

for (const dir of DIRS) {
  for (const file of new Set(EDITS.map((e) => e.file))) {
    const full = path.join(root, dir, file);
    let code = readFileSync(full, "utf8");
    if (code.includes(MARK)) continue; // already patched by an earlier install
    for (const edit of EDITS.filter((e) => e.file === file)) {
      if (code.split(edit.from).length !== 2) {
        console.error(`scripts/patch-postgres.mjs: expected code not found once in ${full}:\n${edit.from}`);
        process.exit(1);
      }
      code = code.replace(edit.from, () => edit.to);
    }
    writeFileSync(full, code);
  }
}
