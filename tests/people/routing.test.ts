import { expect, test } from "vitest";
import { isCapability, rolesFor } from "@/lib/auth/permissions";
import { earlyRoute, noAccessPath } from "@/lib/auth/routing";
import { opensScreens, PICKER_ROLES, pickerLabel } from "@/lib/people/role-picker";

const as = (...roles: string[]) => ({ roles: roles as never[], mustChangePassword: false });

test("anonymous visitors go to sign-in, except on the sign-in page", () => {
  expect(earlyRoute("/rematricula", false, null)).toBe("/login");
  expect(earlyRoute("/admin/usuarios", false, null)).toBe("/login");
  expect(earlyRoute("/login", false, null)).toBeNull();
});

test("a temporary password allows nothing but its change", () => {
  const claims = { roles: ["admin" as never], mustChangePassword: true };
  expect(earlyRoute("/admin/usuarios", true, claims)).toBe("/conta/senha");
  expect(earlyRoute("/rematricula", true, claims)).toBe("/conta/senha");
  expect(earlyRoute("/conta/senha", true, claims)).toBeNull();
});

test("roles without staff screens go to sem acesso; their own password page stays open", () => {
  expect(earlyRoute("/rematricula", true, as("aluno"))).toBe("/sem-acesso");
  expect(earlyRoute("/admin/inadimplentes", true, as("professor"))).toBe("/sem-acesso");
  expect(earlyRoute("/conta/senha", true, as("aluno"))).toBeNull();
  expect(earlyRoute("/sem-acesso", true, as("aluno"))).toBeNull();
});

test("admin areas by capability", () => {
  expect(earlyRoute("/admin/usuarios", true, as("secretaria"))).toBe("/sem-acesso?para=people");
  expect(earlyRoute("/admin/alunos/123", true, as("financeiro"))).toBe("/sem-acesso?para=people");
  expect(earlyRoute("/admin/inadimplentes", true, as("financeiro"))).toBeNull();
  expect(earlyRoute("/admin/usuarios", true, as("admin"))).toBeNull();
  expect(earlyRoute("/admin/escolas", true, as("admin"))).toBe("/sem-acesso?para=tenants.create");
  expect(earlyRoute("/admin/escolas", true, as("superadmin"))).toBeNull();
  expect(earlyRoute("/admin/outra-coisa", true, as("secretaria"))).toBe("/sem-acesso");
  expect(earlyRoute("/rematricula", true, as("financeiro"))).toBe("/sem-acesso?para=rematricula");
  expect(earlyRoute("/rematricula", true, as("secretaria"))).toBeNull();
  // "/admin/usuariosX" is not the users area.
  expect(earlyRoute("/admin/usuariosX", true, as("financeiro"))).toBeNull();
});

test("the roster import and its history are the secretaria's too; the rest of /admin/alunos is not", () => {
  expect(earlyRoute("/admin/alunos/importar", true, as("secretaria"))).toBeNull();
  expect(earlyRoute("/admin/alunos/importacoes", true, as("secretaria"))).toBeNull();
  expect(earlyRoute("/admin/alunos/importar", true, as("admin"))).toBeNull();
  expect(earlyRoute("/admin/alunos", true, as("secretaria"))).toBe("/sem-acesso?para=people");
  expect(earlyRoute("/admin/alunos/123", true, as("secretaria"))).toBe("/sem-acesso?para=people");
  expect(earlyRoute("/admin/alunos/importar", true, as("financeiro"))).toBe("/sem-acesso?para=roster");
  expect(earlyRoute("/admin/alunos/importar", true, as("coordenador"))).toBe("/sem-acesso?para=roster");
});

test("a cookie without claims is not guessed at: the page decides", () => {
  expect(earlyRoute("/admin/usuarios", true, null)).toBeNull();
});

test("sem acesso names the capability, so the page can say which roles open it", () => {
  expect(noAccessPath("config")).toBe("/sem-acesso?para=config");
  expect(noAccessPath()).toBe("/sem-acesso");
  expect(isCapability("config")).toBe(true);
  expect(isCapability("constructor")).toBe(false);
  expect(isCapability("nada")).toBe(false);
  expect(rolesFor("config")).toEqual(["admin", "superadmin"]);
});

test("role pickers offer the roles that open screens first; aluno and professor say they open none", () => {
  expect(PICKER_ROLES[0]).toBe("secretaria");
  expect(PICKER_ROLES.slice(-2)).toEqual(["aluno", "professor"]);
  expect(opensScreens("aluno")).toBe(false);
  expect(opensScreens("professor")).toBe(false);
  expect(opensScreens("financeiro")).toBe(true);
  expect(pickerLabel("aluno")).toBe("Aluno (ainda não abre nenhuma tela)");
  expect(pickerLabel("secretaria")).toBe("Secretaria");
});
