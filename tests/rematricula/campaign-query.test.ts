import { describe, expect, test } from "vitest";
import { campaignSearch, cleanText, EMPTY_QUERY, MAX_PAGE, parseCampaignQuery } from "@/lib/rematricula/campaign-query";

describe("parseCampaignQuery: whatever the URL holds, a valid query", () => {
  test("no parameters: the defaults", () => {
    expect(parseCampaignQuery({})).toEqual(EMPTY_QUERY);
  });

  test("a full filter is kept", () => {
    expect(parseCampaignQuery(new URLSearchParams("q=Ana&unidade=Centro&serie=5%C2%BA+ano&turma=A&situacao=bloqueado&page=3")))
      .toEqual({ q: "Ana", unidade: "Centro", serie: "5º ano", turma: "A", situacao: "bloqueado", page: 3 });
  });

  test("repeated parameters: the first one counts", () => {
    expect(parseCampaignQuery({ q: ["a", "b"], situacao: ["pendente", "bloqueado"], page: ["2", "9"] }))
      .toMatchObject({ q: "a", situacao: "pendente", page: 2 });
    expect(parseCampaignQuery(new URLSearchParams("unidade=Norte&unidade=Centro")).unidade).toBe("Norte");
  });

  test.each(["inadimplente", "PENDENTE", "todos", "", "pendente\0", "' or 1=1 --"])("unknown situação %j → all", (s) => {
    expect(parseCampaignQuery({ situacao: s }).situacao).toBe("todos");
  });

  test.each([
    ["abc", 1], ["-3", 1], ["0", 1], ["1e5", 1], ["2.5", 1], [" 7 ", 7], ["", 1],
    ["99999999999999999999", MAX_PAGE], ["9".repeat(2000), 1], ["999999999999", MAX_PAGE], ["10001", MAX_PAGE],
  ])("page %j → %d", (raw, page) => {
    expect(parseCampaignQuery({ page: raw }).page).toBe(page);
  });

  test("NUL and other control characters never reach a query; long text is cut", () => {
    expect(parseCampaignQuery({ q: "Ana\0 Maria\u0001\n", unidade: "Cen\0tro" })).toMatchObject({ q: "Ana Maria", unidade: "Cen tro" });
    expect(parseCampaignQuery({ q: "x".repeat(10_000) }).q).toHaveLength(100);
    expect(cleanText("  a \t b  ")).toBe("a b");
  });
});

test("campaignSearch leaves defaults out and round-trips through the parser", () => {
  expect(campaignSearch(EMPTY_QUERY)).toBe("");
  const q = { q: "José & Ana", unidade: "Centro", serie: "5º ano", turma: "A", situacao: "cancelado" as const, page: 4 };
  expect(parseCampaignQuery(new URLSearchParams(campaignSearch(q).slice(1)))).toEqual(q);
  expect(campaignSearch(q, 1)).not.toContain("page=");
});
