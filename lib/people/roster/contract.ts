// The columns of a school's roster (issue 17), as its academic system exports them.
export const ROSTER_FIELDS = [
  "matricula", "nome", "data_nascimento", "cpf", "responsavel_nome", "responsavel_telefone",
  "unidade", "serie", "turma", "ano_letivo", "status",
] as const;

export type RosterField = (typeof ROSTER_FIELDS)[number];

export const ROSTER_LABELS: Record<RosterField, string> = {
  matricula: "Matrícula",
  nome: "Nome do aluno",
  data_nascimento: "Data de nascimento",
  cpf: "CPF",
  responsavel_nome: "Responsável",
  responsavel_telefone: "Telefone do responsável",
  unidade: "Unidade",
  serie: "Série",
  turma: "Turma",
  ano_letivo: "Ano letivo",
  status: "Situação",
};

// Header names academic systems and school spreadsheets use; compared ignoring
// case, accents, spaces and punctuation ("Dt. Nasc." = "dtnasc").
const ALIASES: Record<RosterField, readonly string[]> = {
  matricula: [
    "matricula", "Matrícula", "Nº matrícula", "Número de matrícula", "Número da matrícula", "RA", "R.A.",
    "Registro acadêmico", "Código", "Cód.", "Código do aluno", "Cód. aluno", "codigo_aluno", "id_aluno",
  ],
  nome: [
    "nome", "Nome", "Aluno", "Aluna", "Aluno(a)", "Nome do aluno", "Nome do(a) aluno(a)", "Nome completo", "Estudante",
    "Nome do estudante", "Alunos", "Alunas", "Alunos(as)", "Estudantes", "Nome dos alunos",
  ],
  data_nascimento: [
    "data_nascimento", "Data de nascimento", "Data nascimento", "Data nasc.", "Dt. nasc.", "Dt nascimento", "Nascimento", "Nasc.", "DN",
  ],
  cpf: ["cpf", "CPF", "CPF do aluno", "CPF aluno", "Nº CPF"],
  responsavel_nome: [
    "responsavel_nome", "Responsável", "Nome do responsável", "Responsável financeiro", "Responsável legal",
    "Nome responsável", "Responsável 1",
  ],
  responsavel_telefone: [
    "responsavel_telefone", "Telefone do responsável", "Telefone responsável", "Tel. responsável", "Telefone", "Fone",
    "Celular", "Celular do responsável", "Contato",
  ],
  unidade: ["unidade", "Unidade", "Unidade escolar", "Campus", "Escola", "Nome da unidade"],
  serie: ["serie", "Série", "Ano/Série", "Série/Ano", "Ano escolar", "Etapa", "Curso/Série"],
  turma: ["turma", "Turma", "Classe", "Sala"],
  ano_letivo: ["ano_letivo", "Ano letivo", "Ano", "Exercício", "Ano da matrícula"],
  status: ["status", "Situação", "Situação do aluno", "Situação da matrícula", "Sit.", "Status do aluno"],
};

/** The roster's header contract; its row check is in validate.ts, the two joined in load.ts. */
export const ROSTER_HEADERS = {
  fields: ROSTER_FIELDS,
  aliases: ALIASES,
  required: ["nome"] as RosterField[],
  labels: ROSTER_LABELS,
  requiredHint: "o nome do aluno é obrigatório",
};
