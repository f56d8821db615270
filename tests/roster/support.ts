import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { Role } from "@/db/schema";
import type { TenantSession } from "@/lib/auth/permissions";
import type { ImportFile } from "@/lib/import/types";
import { commitRoster } from "@/lib/people/roster/commit";
import { previewRoster } from "@/lib/people/roster/preview";
import type { RosterOptions, RosterPreview, RosterReport } from "@/lib/people/roster/types";
import { makeStaff, makeTenant } from "../helpers/fixtures";
import { q } from "../foundation/support";

/** A school with unidades Centro and Norte and a staff member with `roles`. */
export async function rosterSchool(db: Db, roles: Role[] = ["secretaria"]): Promise<TenantSession> {
  const tenantId = await makeTenant(db);
  await db.execute(sql`insert into unidades (tenant_id, name) values (${tenantId}, 'Centro'), (${tenantId}, 'Norte')`);
  return makeStaff(db, tenantId, roles);
}

/** A roster CSV as Excel in Portuguese saves it: `;`, CRLF, UTF-8 unless said otherwise. */
export function csvFile(lines: string[], name = "roster.csv"): ImportFile {
  return { name, bytes: new TextEncoder().encode(lines.join("\r\n") + "\r\n") };
}

export const HEADER = "Matrícula;Nome;Data de nascimento;CPF;Responsável;Telefone;Unidade;Série;Turma;Ano letivo;Situação";

export async function preview(s: TenantSession, file: ImportFile, opts: Partial<RosterOptions> = {}): Promise<RosterPreview> {
  const r = await previewRoster(s, file, { mode: "upsert", ...opts });
  if (!r.ok) throw new Error(`preview failed: ${r.error}`);
  return r;
}

export async function commit(s: TenantSession, file: ImportFile, opts: Partial<RosterOptions> = {}): Promise<RosterReport> {
  const sha = createHash("sha256").update(file.bytes).digest("hex");
  const r = await commitRoster(s, file, { mode: "upsert", expectedSha256: sha, ...opts });
  if (!r.ok) throw new Error(`commit failed: ${r.error}`);
  return r;
}

/** Every student of the school with every column an import may touch, plus the login link. */
export async function students(db: Db, tenantId: string) {
  return q<Record<string, unknown>>(db, sql`select id, user_id, matricula, nome, cpf, data_nascimento::text as nasc,
      responsavel_nome, responsavel_telefone, unidade, serie, turma, ano_letivo, status, updated_at::text as updated_at
    from alunos where tenant_id = ${tenantId} order by nome, id`);
}
