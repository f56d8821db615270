import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { normText } from "@/lib/inadimplencia/norm-text";
import { UNACCENT_RULES } from "@/lib/inadimplencia/unaccent-rules";
import { createTestDb, type TestDb } from "../helpers/db";
import { NAMES_CORPUS } from "./names-corpus";

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.close(); });

/** SQL norm_text of every input, in order, in one round trip. */
async function sqlNorm(inputs: readonly string[]): Promise<(string | null)[]> {
  const r = await t.db.execute(sql`select norm_text(x) as n
    from unnest(${sql.param([...inputs])}::text[]) with ordinality as u(x, i) order by i`);
  return rowsOf<{ n: string | null }>(r).map((row) => row.n);
}

const codePoints = (ranges: [number, number][], skip: number[] = []) =>
  ranges.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => from + i))
    .filter((cp) => (cp < 0xd800 || cp > 0xdfff) && !skip.includes(cp));

describe("normText agrees with SQL norm_text", () => {
  test("on the names corpus (at least 200 names)", async () => {
    expect(NAMES_CORPUS.length).toBeGreaterThanOrEqual(200);
    const fromSql = await sqlNorm(NAMES_CORPUS);
    expect(fromSql).toHaveLength(NAMES_CORPUS.length);
    const disagreements = NAMES_CORPUS.map((name, i) => ({ name, ts: normText(name), sql: fromSql[i] }))
      .filter((d) => d.ts !== d.sql);
    expect(disagreements).toEqual([]);
  });

  test("on every single character of the Latin, Greek, Cyrillic, punctuation and symbol blocks", async () => {
    // U+0085 and U+1680 are whitespace to one engine and not the other (see
    // norm-text.ts); U+1C89 is new in Unicode 16, which Node lower-cases and
    // PostgreSQL 15/18 do not know yet.
    const cps = codePoints([[0x1, 0x2bff], [0x2c60, 0x2c7f], [0xa720, 0xa7bf], [0xfb00, 0xfb4f], [0xff00, 0xffef]],
      [0x85, 0x1680, 0x1c89]);
    // Between two letters, so that trimming cannot hide what a character became.
    const inputs = cps.map((cp) => `a${String.fromCodePoint(cp)}b`);
    const fromSql = await sqlNorm(inputs);
    const disagreements = inputs.map((x, i) => ({ cp: cps[i].toString(16), ts: normText(x), sql: fromSql[i] }))
      .filter((d) => d.ts !== d.sql);
    expect(disagreements).toEqual([]);
  });

  test("NULL stays NULL, as norm_text is STRICT", async () => {
    const r = await t.db.execute(sql`select norm_text(null) as n`);
    expect(rowsOf<{ n: string | null }>(r)[0].n).toBeNull();
    expect(normText(null)).toBeNull();
  });
});

test("UNACCENT_RULES is what the database's unaccent does to every character NFKD leaves whole", async () => {
  const chars = codePoints([[0x1, 0x2ffff]]).map((cp) => String.fromCodePoint(cp))
    .filter((c) => c.normalize("NFKD") === c && !/[\u0300-\u036f]/.test(c));
  // Framed by two letters: a driver's text decoder drops a leading U+FEFF.
  const r = await t.db.execute(sql`select public.unaccent('public.unaccent'::regdictionary, 'a' || c || 'b') as u
    from unnest(${sql.param(chars)}::text[]) with ordinality as x(c, i) order by i`);
  const fromSql = rowsOf<{ u: string }>(r).map((row) => row.u);
  const disagreements = chars.map((c, i) => ({ cp: c.codePointAt(0)!.toString(16), ts: `a${UNACCENT_RULES[c] ?? c}b`, sql: fromSql[i] }))
    .filter((d) => d.ts !== d.sql);
  expect(disagreements).toEqual([]);
  // And the map holds no rule the database does not apply.
  const tested = new Set(chars);
  expect(Object.keys(UNACCENT_RULES).filter((c) => !tested.has(c))).toEqual([]);
});

describe("normText", () => {
  test.each([
    ["Gabriel D’Ávila", "gabriel d'avila"],
    ["  GABRIEL   d‘ávila\t", "gabriel d'avila"],
    ["Helena Sant’Anna", "helena sant'anna"],
    ["João\u00a0da  Conceição", "joao da conceicao"],
    ["Søren Ærø Œuvre Weiß", "soren aero oeuvre weiss"],
    ["Łukasz Đorđe Ðào Þór Ħal Yıldız", "lukasz dorde dao thor hal yildiz"],
    ["ΟΔΥΣΣΕΑΣ", "οδυσσεασ"],
    ["Maria–José", "maria-jose"],
    ["   ", ""],
  ])("%j → %j", (input, expected) => {
    expect(normText(input)).toBe(expected);
  });
});
