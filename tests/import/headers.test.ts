import { describe, expect, test } from "vitest";
import type { ColumnMapping, ImportField } from "@/lib/inadimplencia/import/contract";
import { resolveColumns } from "@/lib/inadimplencia/import/headers";

/** What a one-column header maps to, whether or not that alone is a valid layout. */
function detected(header: string): ColumnMapping {
  const r = resolveColumns([header]);
  return r.ok ? r.mapping : r.suggested;
}

describe("header names", () => {
  test.each<[string, ImportField]>([
    ["codigo_inadim", "codigo_inadim"],
    ["Código", "codigo_inadim"],
    ["CODIGO INADIM", "codigo_inadim"],
    ["Cód.", "codigo_inadim"],
    ["cod_inadim", "codigo_inadim"],
    ["student_name", "student_name"],
    ["Aluno", "student_name"],
    ["Aluno(a)", "student_name"],
    ["NOME DO ALUNO", "student_name"],
    ["nome_do_aluno", "student_name"],
    ["  Nome   do aluno ", "student_name"],
    ["Estudante", "student_name"],
    ["ALUNOS", "student_name"],
    ["Nome dos alunos", "student_name"],
    ["guardian1_name", "guardian1_name"],
    ["Responsável", "guardian1_name"],
    ["Responsavel 1", "guardian1_name"],
    ["Nome do Responsável", "guardian1_name"],
    ["responsavel_financeiro", "guardian1_name"],
    ["student_escola", "student_escola"],
    ["Escola", "student_escola"],
    ["UNIDADE", "student_escola"],
    ["Colégio", "student_escola"],
    ["meses_inadim", "meses_inadim"],
    ["Meses em atraso", "meses_inadim"],
    ["Meses", "meses_inadim"],
    ["Qtd meses", "meses_inadim"],
    ["QTD. MESES", "meses_inadim"],
  ])("%j is %s", (header, field) => {
    expect(detected(header)).toEqual({ [field]: 0 });
  });

  test.each(["Turma", "CPF", "Valor em aberto", "Nome da mãe", "Observação", ""])("%j is no field", (header) => {
    expect(detected(header)).toEqual({});
  });
});

describe("manual mapping", () => {
  const header = ["Col A", "Col B", "Col C"];

  test("is the whole mapping: fields it leaves out are not imported", () => {
    expect(resolveColumns(["student_name", "guardian1_name"], { student_name: 1 })).toEqual({
      ok: true,
      mapping: { student_name: 1 },
      extraColumns: [{ index: 0, header: "student_name" }],
    });
  });

  test("keeps only the contract's fields", () => {
    const mapping = { student_name: 0, nota: 2 } as ColumnMapping;
    expect(resolveColumns(header, mapping)).toMatchObject({ ok: true, mapping: { student_name: 0 } });
  });

  test.each<[string, ColumnMapping, string]>([
    [
      "a column past the end",
      { student_name: 3 },
      "O mapeamento do campo “Nome do aluno” aponta para uma coluna que não existe no arquivo.",
    ],
    [
      "a negative column",
      { student_name: 1, meses_inadim: -1 },
      "O mapeamento do campo “Meses em atraso” aponta para uma coluna que não existe no arquivo.",
    ],
    [
      "a fractional column",
      { student_name: 0.5 },
      "O mapeamento do campo “Nome do aluno” aponta para uma coluna que não existe no arquivo.",
    ],
    [
      "one column for two fields",
      { student_name: 1, guardian1_name: 1 },
      "A coluna “Col B” (coluna 2) foi escolhida para mais de um campo (“Nome do aluno” e “Responsável”).",
    ],
    [
      "no student name",
      { codigo_inadim: 0, meses_inadim: 2 },
      "Escolha a coluna que contém o campo obrigatório “Nome do aluno”.",
    ],
  ])("refuses %s", (_, mapping, error) => {
    expect(resolveColumns(header, mapping)).toEqual({ ok: false, error, suggested: {} });
  });
});
