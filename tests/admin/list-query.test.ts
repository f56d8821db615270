import { describe, expect, test } from "vitest";
import { DEFAULT_LIST_QUERY, MAX_PAGE, MAX_TEXT, listQueryString, paramsOf, parseListQuery } from "@/lib/inadimplencia/list-query";

describe("parseListQuery", () => {
  test("nothing given: the defaults", () => {
    expect(parseListQuery({})).toStrictEqual(DEFAULT_LIST_QUERY);
  });

  test("repeated parameters: the first value wins", () => {
    const q = parseListQuery({ q: ["ana", "bia"], status: ["inactive", "all"], page: ["3", "9"], sort: ["meses_inadim", "x"] });
    expect(q).toMatchObject({ q: "ana", status: "inactive", page: 3, sort: "meses_inadim" });
  });

  test("unknown values fall back to the defaults", () => {
    const q = parseListQuery({ status: "deleted", sort: "password_hash; drop table x", dir: "sideways" });
    expect(q).toMatchObject({ status: "active", sort: "student_name", dir: "asc" });
  });

  test.each([
    ["abc", 1], ["-3", 1], ["0", 1], ["1.5", 1], ["1e9", 1], ["", 1], [" 2", 1],
    ["7", 7], ["99999999999999999999999", MAX_PAGE], [String(MAX_PAGE + 1), MAX_PAGE],
  ])("page %j → %d", (raw, page) => {
    expect(parseListQuery({ page: raw }).page).toBe(page);
  });

  test("NUL and control characters are removed, whitespace collapsed", () => {
    expect(parseListQuery({ q: "Jo\0ão\u0007  da\tSilva\n" }).q).toBe("João da Silva");
    expect(parseListQuery({ escola: "\0\0" }).escola).toBe("");
  });

  test("a lone surrogate (which no driver can encode) is replaced", () => {
    const q = parseListQuery({ q: "Ana\uD800" }).q;
    expect(q.isWellFormed()).toBe(true);
    expect(q.startsWith("Ana")).toBe(true);
  });

  test("a 10 000-character search is cut to the cap, on whole characters", () => {
    expect(parseListQuery({ q: "a".repeat(10_000) }).q).toHaveLength(MAX_TEXT);
    const emoji = parseListQuery({ q: "😀".repeat(200) }).q;
    expect(Array.from(emoji)).toHaveLength(MAX_TEXT);
    expect(emoji.isWellFormed()).toBe(true);
  });

  test("URLSearchParams keep repeated keys, and the first one is read", () => {
    const sp = new URLSearchParams("q=%25&q=x&status=all&status=active");
    expect(parseListQuery(paramsOf(sp))).toMatchObject({ q: "%", status: "all" });
  });

  test("links drop the defaults and keep the rest", () => {
    const q = parseListQuery({ q: "ana", status: "all" });
    expect(listQueryString(q)).toBe("?q=ana&status=all");
    expect(listQueryString(q, { page: 2, sort: "updated_at", dir: "desc" })).toBe("?q=ana&status=all&sort=updated_at&dir=desc&page=2");
    expect(listQueryString(DEFAULT_LIST_QUERY)).toBe("");
  });
});
