import { z } from "zod";
import { parseCpf } from "./cpf";
import { parseMatricula } from "./matricula";
import { alunoStatus, email, multilineText, optionalEmail, optionalText, role, text, uuid } from "./schemas";
import { MIN_PASSWORD } from "./password-rules";

// The people area's forms, field by field (names as in the HTML forms).

export const addMemberForm = z.object({
  email,
  name: text(200, "Informe o nome."),
  role,
});

export const memberRoleForm = z.object({ userId: uuid, role });
export const memberForm = z.object({ userId: uuid });

const cpf = z.string().transform((s, ctx) => {
  const r = parseCpf(s.replace(/\0/g, ""));
  if (!r.ok) {
    ctx.addIssue({ code: "custom", message: r.message });
    return z.NEVER;
  }
  return r.cpf;
});

const matricula = z.string().transform((s, ctx) => {
  const r = parseMatricula(s.replace(/\0/g, ""));
  if (!r.ok) {
    ctx.addIssue({ code: "custom", message: r.message });
    return z.NEVER;
  }
  return r.matricula;
});

const date = z.string().transform((s, ctx) => {
  const typed = s.replace(/\0/g, "").trim();
  if (typed === "") return null;
  if (!z.iso.date().safeParse(typed).success || typed < "1900-01-01" || typed > "2100-12-31") {
    ctx.addIssue({ code: "custom", message: "Data inválida." });
    return z.NEVER;
  }
  return typed;
});

const year = z.string().transform((s, ctx) => {
  const typed = s.trim();
  if (typed === "") return null;
  const n = /^[0-9]{4}$/.test(typed) ? Number(typed) : NaN;
  if (!(n >= 2000 && n <= 2100)) {
    ctx.addIssue({ code: "custom", message: "Ano inválido." });
    return z.NEVER;
  }
  return n;
});

export const alunoForm = z.object({
  nome: text(200, "Informe o nome do aluno."),
  matricula: matricula.prefault(""),
  cpf: cpf.prefault(""),
  dataNascimento: date.prefault(""),
  responsavelNome: optionalText(200).prefault(""),
  responsavelTelefone: optionalText(40).prefault(""),
  unidade: optionalText(100).prefault(""),
  serie: optionalText(50).prefault(""),
  turma: optionalText(20).prefault(""),
  anoLetivo: year.prefault(""),
  status: alunoStatus.default("ativo"),
});

export const newAlunoForm = alunoForm.extend({ email: optionalEmail.prefault("") });
export const editAlunoForm = alunoForm.extend({ alunoId: uuid });

export const tenantForm = z.object({
  slug: z.string().transform((s) => s.replace(/\0/g, "").trim().toLowerCase())
    .pipe(z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$/, "Use de 1 a 50 letras minúsculas, números e hífens.")),
  name: text(200, "Informe o nome da escola."),
  unidades: multilineText(2000).transform((s) => [...new Set(s.split(/[\n,;]/).map((u) => u.trim()).filter(Boolean))])
    .pipe(z.array(z.string().max(100, "Nome de unidade longo demais.")).max(50, "No máximo 50 unidades.")),
  adminEmail: email,
  adminName: text(200, "Informe o nome do administrador."),
});

export const passwordForm = z.object({
  current: z.string().min(1, "Informe a senha atual.").max(200, "Senha longa demais."),
  password: z.string().min(MIN_PASSWORD, `A nova senha deve ter pelo menos ${MIN_PASSWORD} caracteres.`)
    .max(200, "Senha longa demais.").refine((s) => !s.includes("\0"), "Caractere inválido na senha."),
  confirm: z.string().max(200),
}).refine((v) => v.password === v.confirm, { path: ["confirm"], message: "As senhas não conferem." });
