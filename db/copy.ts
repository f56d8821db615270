import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Tx } from "./client";

/** A value of one column, as COPY's text format writes it (null is SQL NULL). */
export type CopyValue = string | number | boolean | null;

/**
 * Text per write to COPY: the rows are turned into COPY text a slice at a
 * time, so a 100 000-row file never exists as one string.
 */
const SLICE_CHARS = 1 << 18;

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * Loads rows into a table of the transaction. On PostgreSQL by COPY … FROM
 * STDIN through postgres.js, the transaction's own connection: the bulk path
 * PostgreSQL parses fastest, no JSON to build and take apart, no bind
 * parameters. On PGlite, in batched inserts of JSON (json_populate_recordset
 * types each value by the table's own columns): its COPY reads a file
 * (`/dev/blob`), which only a role with pg_read_server_files may do, and the
 * app's transactions run as rematricula_app.
 *
 * The table and column names come from the code, never from input: they are
 * checked to be plain lower-case identifiers and written as they are.
 *
 * Every value the server could refuse is refused here first, because
 * postgres.js 3.4 never settles a COPY the server fails after the stream
 * ended (porsager/postgres#1173): the transaction would hang with its
 * connection. Text holding NUL (which PostgreSQL text cannot store) and
 * numbers that are not finite throw; callers clean their values before.
 */
export async function copyInto(
  tx: Tx, table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>,
): Promise<void> {
  for (const name of [table, ...columns]) {
    if (!IDENTIFIER.test(name)) throw new Error(`copyInto: "${name}" is not a plain identifier`);
  }
  const list = columns.join(", ");
  const client = driverClient(tx);
  if (isPostgresJs(client)) {
    // pipeline waits for the server's end of the COPY, and a value refused
    // midway destroys the stream, which aborts the COPY (CopyFail). One slice
    // read ahead at most (Readable.from would buffer 16).
    const copy = await client.unsafe(`copy ${table} (${list}) from stdin`).writable();
    await pipeline(Readable.from(slices(rows, columns.length), { highWaterMark: 1 }), copy);
    return;
  }
  const insert = `insert into ${table} (${list}) select ${list} from json_populate_recordset(null::${table}, $1::json)`;
  for (const batch of batches(rows, columns.length)) {
    await client.query(insert, [JSON.stringify(batch.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]]))))]);
  }
}

// Rows per insert on PGlite: each batch's JSON stays a modest string.
const BATCH = 2_000;

function* batches(rows: Iterable<readonly CopyValue[]>, width: number): Generator<(readonly CopyValue[])[]> {
  let batch: (readonly CopyValue[])[] = [];
  for (const row of rows) {
    // Refused as COPY would refuse them, so both databases take the same values.
    sized(row, width).forEach(copyField);
    batch.push(row);
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function sized(row: readonly CopyValue[], width: number): readonly CopyValue[] {
  if (row.length !== width) throw new Error(`copyInto: a row has ${row.length} values for ${width} columns`);
  return row;
}

// The rows as COPY text, about SLICE_CHARS characters at a time.
function* slices(rows: Iterable<readonly CopyValue[]>, width: number): Generator<string> {
  let parts: string[] = [];
  let size = 0;
  for (const row of rows) {
    const line = sized(row, width).map(copyField).join("\t") + "\n";
    parts.push(line);
    size += line.length;
    if (size >= SLICE_CHARS) {
      yield parts.join("");
      parts = [];
      size = 0;
    }
  }
  if (parts.length > 0) yield parts.join("");
}

// COPY's text format: \N is NULL, and backslash, tab, line feed and carriage
// return are written as backslash escapes (so "\." can never end the data early).
const SPECIAL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** One value in COPY's text format (also the benchmarks' reference COPY). */
export function copyField(value: CopyValue): string {
  if (value === null) return "\\N";
  if (typeof value === "boolean") return value ? "t" : "f";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`copyInto: ${value} is not a finite number`);
    return String(value);
  }
  if (value.includes("\u0000")) throw new Error("copyInto: text with NUL cannot be stored by PostgreSQL");
  return value.replace(SPECIAL, (c) => ESCAPES[c]);
}

interface PostgresJsClient {
  unsafe(query: string): { writable(): Promise<Writable> };
}
interface PgliteClient {
  query(query: string, params: unknown[]): Promise<unknown>;
}

// drizzle keeps the driver's client of the transaction on its session (a
// postgres.js transaction or savepoint, or PGlite's transaction); the field is
// not in drizzle's public types, hence the cast, and the check that it is there.
function driverClient(tx: Tx): PostgresJsClient | PgliteClient {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client;
  if (isPostgresJs(client) || (typeof client === "object" && client !== null && "query" in client)) {
    return client as PostgresJsClient | PgliteClient;
  }
  throw new Error("copyInto: the transaction's driver client was not found");
}

function isPostgresJs(client: unknown): client is PostgresJsClient {
  return typeof client === "function" && "unsafe" in client;
}
