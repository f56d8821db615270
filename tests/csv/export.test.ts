import Papa from "papaparse";
import { expect, test } from "vitest";
import { toCsv } from "@/lib/csv/export";
import { alunoForm, addMemberForm, tenantForm } from "@/lib/people/forms";
import { ONE_LINE } from "@/lib/people/schemas";

const cells = (csv: string) => Papa.parse<string[]>(csv.slice(1), { delimiter: ";", skipEmptyLines: true }).data.slice(1).map((r) => r[0]);

// The hole of issue 15: papaparse's default formula pattern stops at a line break.
test.each([
  "=HYPERLINK(\"http://x\";\"y\")\nlinha dois",
  "=cmd|' /C calc'!A0\r\nresto",
  "+55 11\n9999",
  "-1\r2",
  "@SUM(A1)\nx",
  "\t=1\n2",
  "\r=1+1",
])("a cell starting with a formula character is neutralised whatever follows: %j", (value) => {
  const [cell] = cells(toCsv(["nome"], [[value]]));
  expect(cell).toBe(`'${value}`);
});

test("ordinary cells, and formula characters later in the text, are kept as they are", () => {
  expect(cells(toCsv(["nome"], [["Ana = Bia"], ["João\nSilva"], ["42"]]))).toEqual(["Ana = Bia", "João\nSilva", "42"]);
});

test("names and other one-line fields refuse line breaks; the list of unidades is one per line", () => {
  for (const name of ["Ana\nLima", "Ana\r\nLima", "Ana\u2028Lima", "=1+1\nx"]) {
    const member = addMemberForm.safeParse({ email: "a@b.cc", name, role: "secretaria" });
    expect(member.success && member.data).toBe(false);
    expect(member.error?.issues[0].message).toBe(ONE_LINE);
    const aluno = alunoForm.safeParse({ nome: "Ana", responsavelNome: name, serie: "5º ano" });
    expect(aluno.error?.issues.map((i) => i.path[0])).toEqual(["responsavelNome"]);
  }
  expect(alunoForm.safeParse({ nome: "Ana", turma: "A\nB" }).success).toBe(false);
  const t = tenantForm.parse({ slug: "nova", name: "Escola Nova", unidades: "Centro\nNorte", adminEmail: "a@b.cc", adminName: "Ana" });
  expect(t.unidades).toEqual(["Centro", "Norte"]);
  expect(tenantForm.safeParse({ slug: "nova", name: "Escola\nNova", unidades: "", adminEmail: "a@b.cc", adminName: "Ana" }).success)
    .toBe(false);
});
