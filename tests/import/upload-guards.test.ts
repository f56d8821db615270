import { IMPORT_FIELDS } from "@/lib/inadimplencia/import/contract";
import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { BodyTooLargeError, readFormDataLimited } from "@/lib/http/limited-form";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { readImportUpload } from "@/lib/import/upload";

const URL_ = "http://escola.test/api/import/preview";

function post(body: BodyInit | null, headers: Record<string, string> = {}): Request {
  return new Request(URL_, { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

function multipart(fields: Record<string, string | File>, headers: Record<string, string> = {}): Request {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return new Request(URL_, { method: "POST", body: form, headers });
}

const csv = (text: string, name = "lista.csv") => new File([text], name, { type: "text/csv" });

async function failure(work: Promise<unknown>): Promise<unknown> {
  return work.then(() => { throw new Error("expected a refusal"); }, (e: unknown) => e);
}

describe("assertSameOrigin", () => {
  const req = (headers: Record<string, string>) => new Request(URL_, { method: "POST", headers });

  it("accepts our own page", () => {
    expect(() => assertSameOrigin(req({ host: "escola.test", origin: "http://escola.test" }))).not.toThrow();
    expect(() => assertSameOrigin(req({ host: "10.0.0.5:3000", "x-forwarded-host": "escola.test", origin: "https://escola.test" }))).not.toThrow();
  });

  it.each([
    ["another site", { host: "escola.test", origin: "https://malicioso.example" }],
    ["a look-alike host", { host: "escola.test", origin: "http://escola.test.malicioso.example" }],
    ["another port", { host: "escola.test", origin: "http://escola.test:8080" }],
    ["Origin: null", { host: "escola.test", origin: "null" }],
    ["no Origin", { host: "escola.test" }],
    ["a malformed Origin", { host: "escola.test", origin: "::::" }],
  ])("refuses %s with FORBIDDEN", (_label, headers) => {
    const e = (() => { try { assertSameOrigin(req(headers)); } catch (err) { return err; } })();
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe("FORBIDDEN");
  });
});

describe("readFormDataLimited", () => {
  it("refuses a declared Content-Length over the limit without reading the body", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({ pull(c) { pulled++; c.enqueue(new Uint8Array(10)); c.close(); } });
    const e = await failure(readFormDataLimited(post(body, { "content-length": "5000", "content-type": "multipart/form-data; boundary=x" }), 1000, "grande"));
    expect(e).toBeInstanceOf(BodyTooLargeError);
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it("stops reading a body without Content-Length as soon as it passes the limit", async () => {
    let chunks = 0;
    const body = new ReadableStream<Uint8Array>({ pull(c) { chunks++; c.enqueue(new Uint8Array(400)); } });
    const e = await failure(readFormDataLimited(post(body, { "content-type": "multipart/form-data; boundary=x" }), 1000, "grande"));
    expect(e).toBeInstanceOf(BodyTooLargeError);
    expect(chunks).toBeLessThan(6);
  });

  it("refuses a body that is not multipart, or a broken multipart, as VALIDATION", async () => {
    const notForm = await failure(readFormDataLimited(post("a=1", { "content-type": "application/x-www-form-urlencoded" }), 1000, "grande"));
    expect((notForm as AppError).code).toBe("VALIDATION");
    const broken = await failure(readFormDataLimited(post("--x\r\nlixo", { "content-type": "multipart/form-data; boundary=x" }), 1000, "grande"));
    expect((broken as AppError).code).toBe("VALIDATION");
    expect(broken).not.toBeInstanceOf(BodyTooLargeError);
  });

  it("reads a form whose declared Content-Length is under the limit", async () => {
    const form = new FormData();
    form.append("mode", "replace");
    form.append("file", csv("a;b\n3;4\n"));
    const encoded = new Response(form);
    const bytes = new Uint8Array(await encoded.arrayBuffer());
    const req = post(bytes, { "content-type": encoded.headers.get("content-type")!, "content-length": String(bytes.length) });
    const read = await readFormDataLimited(req, 10_000, "grande");
    expect(read.get("mode")).toBe("replace");
    expect(await (read.get("file") as File).text()).toBe("a;b\n3;4\n");
    const refused = await failure(readFormDataLimited(post(bytes, { "content-type": encoded.headers.get("content-type")!,
      "content-length": String(bytes.length) }), bytes.length - 1, "grande"));
    expect(refused).toBeInstanceOf(BodyTooLargeError);
  });

  it("reads a form under the limit", async () => {
    const form = await readFormDataLimited(multipart({ mode: "upsert", file: csv("a;b\n1;2\n") }), 10_000, "grande");
    expect(form.get("mode")).toBe("upsert");
    expect(await (form.get("file") as File).text()).toBe("a;b\n1;2\n");
  });
});

describe("readImportUpload", () => {
  afterEach(() => { delete process.env.IMPORT_MAX_BYTES; });

  it("gives the file's bytes, the mode, the mapping and the sha256", async () => {
    const sha = "a".repeat(64);
    const up = await readImportUpload(multipart({
      file: csv("x;y\n1;2\n", "lista final.csv"), mode: "replace", mapping: JSON.stringify({ student_name: 1 }), sha256: sha,
    }), true, IMPORT_FIELDS);
    expect(up.mode).toBe("replace");
    expect(up.mapping).toEqual({ student_name: 1 });
    expect(up.sha256).toBe(sha);
    expect(up.file.name).toBe("lista final.csv");
    expect(new TextDecoder().decode(up.file.bytes)).toBe("x;y\n1;2\n");
  });

  it.each([
    ["no file", { mode: "upsert" }, "file"],
    ["an unknown mode", { file: csv("a\n1\n"), mode: "apagar" }, "mode"],
    ["no mode", { file: csv("a\n1\n") }, "mode"],
    ["a 10 000-character mode", { file: csv("a\n1\n"), mode: "x".repeat(10_000) }, "mode"],
    ["a malformed sha256", { file: csv("a\n1\n"), mode: "upsert", sha256: "../../etc" }, "sha256"],
  ])("refuses %s with a Portuguese VALIDATION message", async (_label, fields, field) => {
    const e = (await failure(readImportUpload(multipart(fields as Record<string, string | File>), false, IMPORT_FIELDS))) as AppError;
    expect(e.code).toBe("VALIDATION");
    expect(e.fields?.[field]).toBeTruthy();
  });

  it.each([
    ["not JSON", "{student_name:"],
    ["an unknown field", JSON.stringify({ senha: 0 })],
    ["a negative column", JSON.stringify({ student_name: -1 })],
    ["a column that is not a number", JSON.stringify({ student_name: "1" })],
    ["an array", "[1,2]"],
  ])("refuses a mapping that is %s", async (_label, mapping) => {
    const e = (await failure(readImportUpload(multipart({ file: csv("a\n1\n"), mode: "upsert", mapping }), false, IMPORT_FIELDS))) as AppError;
    expect(e.code).toBe("VALIDATION");
    expect(e.message).toMatch(/Mapeamento/);
  });

  it("requires the preview's sha256 to commit", async () => {
    const e = (await failure(readImportUpload(multipart({ file: csv("a\n1\n"), mode: "upsert" }), true, IMPORT_FIELDS))) as AppError;
    expect(e.message).toMatch(/Pré-visualize/);
  });

  it("refuses a file over IMPORT_MAX_BYTES with a message naming the limit", async () => {
    process.env.IMPORT_MAX_BYTES = "1024";
    const e = await failure(readImportUpload(multipart({ file: csv("x".repeat(2000)), mode: "upsert" }), false, IMPORT_FIELDS));
    expect(e).toBeInstanceOf(BodyTooLargeError);
    expect((e as Error).message).toMatch(/limite de 1 KB/);
    // The envelope allowance never lets a body much larger than the limit in.
    const big = await failure(readImportUpload(multipart({ file: csv("x".repeat(200_000)), mode: "upsert" }), false, IMPORT_FIELDS));
    expect(big).toBeInstanceOf(BodyTooLargeError);
  });
});
