/**
 * Where a server's CPU went, from a profile of the load benchmark
 * (BENCH_CPU_PROF=<dir> npx tsx scripts/bench/load.ts):
 *
 *   npx tsx scripts/bench/profile-summary.ts <file.cpuprofile> [top=30] [--page=rematricula|reference]
 *
 * Frames of the build are mapped back to their sources through the build's
 * source maps, then grouped: our code (app/, lib/, db/, proxy.ts), Auth.js,
 * drizzle, postgres.js, Next and React, Node itself, the garbage collector.
 * Self time is spent in a frame itself; inclusive time also in what it called
 * (a sample counts once per group on its stack). The rounds of the benchmark
 * alternate the two pages, so --page keeps the half-second slices in which
 * the campaign's code ran (rematricula) or did not (reference).
 */
import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number }

const [file, ...rest] = process.argv.slice(2);
if (!file) throw new Error("usage: profile-summary.ts <file.cpuprofile> [top] [--page=rematricula|reference]");
const TOP = Number(rest.find((a) => /^\d+$/.test(a)) ?? 30);
const PAGE = rest.find((a) => a.startsWith("--page="))?.slice("--page=".length);
const SLICE_US = 500_000;
// Code that only /rematricula runs: the campaign's statements and the tenant's transaction.
const CAMPAIGN = /lib\/rematricula\/campaign|lib\/rematricula\/classify-sql|db\/tenant\.ts|rematricula\/page\.tsx/;

const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const maps = new Map<string, SourceMap | null>();
function original(cf: CallFrame): { source: string; name: string; line: number } | null {
  const path = cf.url.replace(/^file:\/\//, "");
  if (!/\.next\/server\/.*\.js$/.test(path)) return null;
  if (!maps.has(path)) {
    maps.set(path, existsSync(`${path}.map`) ? new SourceMap(JSON.parse(readFileSync(`${path}.map`, "utf8"))) : null);
  }
  const entry = maps.get(path)?.findEntry(cf.lineNumber, cf.columnNumber);
  if (!entry || !("originalSource" in entry) || !entry.originalSource) return null;
  const source = decodeURIComponent(entry.originalSource).replace(/^.*?\[project\]\//, "").replace(/^(\.\.\/)+/, "");
  return { source, name: (entry as { name?: string }).name ?? "", line: entry.originalLine + 1 };
}

function groupOf(n: ProfileNode): string {
  const o = original(n.callFrame);
  const where = o?.source ?? n.callFrame.url;
  if (!where) return n.callFrame.functionName.startsWith("(") ? n.callFrame.functionName : "V8 / native";
  if (/node_modules\/(next-auth|@auth|jose|@panva)\//.test(where)) return "Auth.js";
  if (/node_modules\/drizzle-orm\//.test(where)) return "drizzle";
  if (/node_modules\/postgres\//.test(where)) return "postgres.js";
  if (/node_modules\/(react|react-dom|react-server-dom[^/]*)\//.test(where)) return "React";
  if (/node_modules\/next\//.test(where)) return "Next (and its React)";
  if (/^node:|^internal\//.test(where)) return "Node";
  if (/node_modules\//.test(where)) return where.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+).*$/, "$1");
  const ours = where.match(/(?:^|\/)(app|lib|db)\/([^/]+)/);
  if (ours) return `ours: ${ours[1]}/${ours[2]}`;
  if (/proxy\.ts$|server\.mjs$/.test(where)) return `ours: ${where.replace(/^.*\//, "")}`;
  return o ? "build runtime" : where.replace(/^.*\//, "");
}

const labels = new Map<number, { key: string; group: string }>();
function label(id: number) {
  let l = labels.get(id);
  if (!l) {
    const n = nodes.get(id)!;
    const o = original(n.callFrame);
    const key = o ? `${o.name || n.callFrame.functionName || "(anonymous)"} ${o.source}:${o.line}`
      : `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.replace(/^.*node_modules\//, "")}:${n.callFrame.lineNumber + 1}`;
    l = { key, group: groupOf(n) };
    labels.set(id, l);
  }
  return l;
}

// Which half-second slices ran the campaign's code, and which were mostly idle.
const sliceOf: number[] = [];
const campaign = new Set<number>();
const idle = new Map<number, number>();
const count = new Map<number, number>();
let at = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) {
  at += profile.timeDeltas[i] ?? 0;
  const slice = Math.floor(at / SLICE_US);
  sliceOf.push(slice);
  count.set(slice, (count.get(slice) ?? 0) + 1);
  if (label(profile.samples[i]).key.startsWith("(idle)")) idle.set(slice, (idle.get(slice) ?? 0) + 1);
  for (let x: number | undefined = profile.samples[i]; x !== undefined; x = parent.get(x)) {
    if (CAMPAIGN.test(label(x).key)) { campaign.add(slice); break; }
  }
}
const kept = (i: number) => {
  if (!PAGE) return true;
  const s = sliceOf[i];
  if ((idle.get(s) ?? 0) > 0.3 * count.get(s)!) return false;
  return PAGE === "rematricula" ? campaign.has(s) : !campaign.has(s);
};

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
const groupSelf = new Map<string, number>();
const groupInclusive = new Map<string, number>();
const add = (m: Map<string, number>, k: string, t: number) => m.set(k, (m.get(k) ?? 0) + t);
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  if (!kept(i)) continue;
  const t = profile.timeDeltas[i] ?? 0;
  total += t;
  const leaf = label(profile.samples[i]);
  add(self, leaf.key, t);
  add(groupSelf, leaf.group, t);
  const keys = new Set<string>();
  const groups = new Set<string>();
  for (let x: number | undefined = profile.samples[i]; x !== undefined; x = parent.get(x)) {
    const l = label(x);
    keys.add(l.key);
    groups.add(l.group);
  }
  for (const k of keys) add(inclusive, k, t);
  for (const g of groups) add(groupInclusive, g, t);
}

const show = (title: string, m: Map<string, number>, n: number) => {
  console.log(`\n${title}`);
  for (const [k, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.log(`${((100 * t) / total).toFixed(1).padStart(6)} %  ${k}`);
  }
};
console.log(`${file}: ${(total / 1e6).toFixed(1)} s of samples${PAGE ? ` in the slices of ${PAGE}` : ""}`);
show("self time by group", groupSelf, 20);
show("inclusive time by group", groupInclusive, 20);
show("self time, top frames", self, TOP);
show("inclusive time, top frames", inclusive, TOP);
