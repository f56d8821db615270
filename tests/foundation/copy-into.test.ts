import { afterAll, beforeAll, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { copyField, copyInto, type CopyValue } from "@/db/copy";
import type { Tx } from "@/db/client";
import { createTestDb, type TestDb } from "../helpers/db";
import { q } from "./support";

// copyInto is the staging tables' bulk load (COPY on PostgreSQL, batched
// inserts on PGlite): every value must arrive exactly as sent, whichever
// characters it holds, on both databases.

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.close(); });

const COLUMNS = ["n", "label", "amount", "flag"];
// As the app's role, which the import's transactions run as (COPY from a file
// would be refused to it on PGlite).
async function tempTable(tx: Tx) {
  await tx.execute(sql`set local role rematricula_app`);
  await tx.execute(sql`create temp table copy_probe (n integer, label text, amount integer, flag boolean) on commit drop`);
}

interface Probe { n: number; label: string | null; amount: number | null; flag: boolean | null }
const loaded = (tx: Tx) => q<Probe>(tx, sql`select n, label, amount, flag from copy_probe order by n`);

const TRICKY = [
  "tab\there", "back\\slash", "line\nfeed", "carriage\rreturn", "\\.", "\\N", "aspas \"duplas\" e 'simples'",
  "João Conceição – ü ß 漢字 😀", "", " espaços ", "\\t not a tab", "ends with backslash\\", ";,|",
];

test("text with tabs, backslashes, line breaks, quotes, unicode, empty strings and nulls arrives as sent", async () => {
  const rows: CopyValue[][] = [
    ...TRICKY.map((label, i) => [i, label, i * 10, i % 2 === 0]),
    [TRICKY.length, null, null, null],
  ];
  const back = await t.db.transaction(async (tx) => {
    await tempTable(tx);
    await copyInto(tx, "copy_probe", COLUMNS, rows);
    return loaded(tx);
  });
  expect(back).toEqual(rows.map(([n, label, amount, flag]) => ({ n, label, amount, flag })));
});

test("many rows go in slices and all arrive", async () => {
  const long = "x".repeat(300);
  function* rows(): Generator<CopyValue[]> {
    for (let i = 0; i < 20_000; i++) yield [i, `${long}\t${i}\\`, -i, null];
  }
  const [summary] = await t.db.transaction(async (tx) => {
    await tempTable(tx);
    await copyInto(tx, "copy_probe", COLUMNS, rows());
    return q<{ rows: number; distinct_labels: number; sum: number; bad: number }>(tx, sql`select count(*)::int as rows,
        count(distinct label)::int as distinct_labels, sum(amount)::int as sum,
        count(*) filter (where label <> repeat('x', 300) || chr(9) || n::text || '\\')::int as bad
      from copy_probe`);
  });
  expect(summary).toEqual({ rows: 20_000, distinct_labels: 20_000, sum: -(19_999 * 20_000) / 2, bad: 0 });
});

test("NUL is refused before it reaches the server, and the transaction rolls back cleanly", async () => {
  function* rows(): Generator<CopyValue[]> {
    for (let i = 0; i < 5_000; i++) yield [i, "a".repeat(400), i, true];
    yield [5_000, "nul\u0000here", 1, true];
  }
  await expect(t.db.transaction(async (tx) => {
    await tempTable(tx);
    await copyInto(tx, "copy_probe", COLUMNS, rows());
  })).rejects.toThrow(/NUL/);
  // The COPY was aborted and the transaction rolled back: no connection is
  // left inside a transaction (on PGlite, the one session is idle again).
  const [r] = await q<{ stuck: number }>(t.db, sql`select count(*)::int as stuck from pg_stat_activity
    where datname = current_database() and pid <> pg_backend_pid() and state like 'idle in transaction%'`);
  expect(r.stuck).toBe(0);
});

test("identifiers that are not plain names and rows of the wrong width are refused", async () => {
  await expect(t.db.transaction((tx) => copyInto(tx, "copy_probe; drop table x", COLUMNS, [])))
    .rejects.toThrow(/identifier/);
  await expect(t.db.transaction(async (tx) => {
    await tempTable(tx);
    await copyInto(tx, "copy_probe", COLUMNS, [[1, "a"]]);
  })).rejects.toThrow(/2 values for 4 columns/);
});

test("copyField writes COPY's text escapes", () => {
  expect(copyField(null)).toBe("\\N");
  expect(copyField("\\N")).toBe("\\\\N");
  expect(copyField("a\tb\nc\rd\\e")).toBe("a\\tb\\nc\\rd\\\\e");
  expect(copyField(42)).toBe("42");
  expect(copyField(false)).toBe("f");
  expect(() => copyField(Number.NaN)).toThrow(/finite/);
});
