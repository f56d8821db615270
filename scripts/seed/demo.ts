import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "../../db/client";
import { alunos, inadimplentes, memberships, systemConfig, tenants, unidades, users } from "../../db/schema";
import { hashPassword } from "../../lib/auth/password";
import { ANO_LETIVO_KEY } from "../../lib/rematricula/ano";
import { SERIES } from "../../lib/rematricula/series";
import { FIRST_NAMES, GUARDIAN_FIRST, SURNAMES } from "./names";

export const DEMO_PASSWORD = "rematricula";

/** The demo schools' school year, whatever the calendar says: their campaign is for the next one. */
const DEMO_YEAR = 2026;

// A small deterministic generator, so every machine gets the same demo schools.
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function phone(rand: () => number): string {
  const digits = String(Math.floor(rand() * 1e8)).padStart(8, "0");
  return `(11) 9${digits.slice(0, 4)}-${digits.slice(4)}`;
}

interface DemoSchool {
  slug: string;
  name: string;
  unidades: string[];
  students: number;
  checkOn: boolean;
  seed: number;
  /** The n-th student's code (matrícula/RA), as the school's academic system numbers them. */
  code: (n: number) => string;
}

const SCHOOLS: DemoSchool[] = [
  // Six digits with leading zeros, which must survive every screen and export.
  { slug: "pelicano", name: "Colégio Pelicano", unidades: ["Centro", "Norte"], students: 300, checkOn: true, seed: 7,
    code: (n) => String(1001 + n).padStart(6, "0") },
  // Year of entry and a sequence.
  { slug: "aurora", name: "Escola Aurora", unidades: [], students: 150, checkOn: false, seed: 11,
    code: (n) => `${2019 + (n % 8)}${String(n + 1).padStart(4, "0")}` },
];

const DEMO_USERS: { email: string; name: string; roles: [slug: string, role: string][] }[] = [
  { email: "secretaria@pelicano.demo", name: "Sílvia Secretaria", roles: [["pelicano", "secretaria"]] },
  { email: "financeiro@pelicano.demo", name: "Fábio Financeiro", roles: [["pelicano", "financeiro"]] },
  { email: "admin@pelicano.demo", name: "Adriana Administradora", roles: [["pelicano", "admin"]] },
  { email: "coordenacao@pelicano.demo", name: "Clara Coordenadora", roles: [["pelicano", "coordenador"]] },
  { email: "secretaria@aurora.demo", name: "Sandra Secretaria", roles: [["aurora", "secretaria"]] },
  { email: "admin@aurora.demo", name: "Antônio Administrador", roles: [["aurora", "admin"]] },
  { email: "multi@demo.demo", name: "Marta Multiescola", roles: [["pelicano", "secretaria"], ["aurora", "secretaria"]] },
  { email: "root@demo.demo", name: "Raquel Superadmin", roles: [["pelicano", "superadmin"], ["aurora", "superadmin"]] },
];

export const DEMO_SLUGS: readonly string[] = SCHOOLS.map((s) => s.slug);

/**
 * The schools in this database that are not demo schools. The seed refuses to
 * add demo users (with a published password) next to real schools.
 */
export async function nonDemoSchools(db: Db): Promise<string[]> {
  return rowsOf<{ slug: string }>(await db.execute(sql`select slug from tenants
    where slug <> all(${`{${DEMO_SLUGS.join(",")}}`}::text[]) order by slug limit 5`)).map((r) => r.slug);
}

/** True once the demo schools exist: the seed runs once per database. */
export async function hasDemoData(db: Db): Promise<boolean> {
  return rowsOf(await db.execute(sql`select 1 from tenants where slug = 'pelicano'`)).length > 0;
}

/**
 * Loads the demo schools, users, students and delinquent lists (SPEC §11). Runs as
 * the connection's own role (a superuser, as for migrations), in one transaction.
 */
export async function seedDemo(db: Db): Promise<void> {
  if (await hasDemoData(db)) return;
  const others = await nonDemoSchools(db);
  if (others.length) {
    throw new Error(`Recusado: este banco já tem escolas que não são de demonstração (${others.join(", ")}); ` +
      "os usuários de demonstração, com senha pública, não são criados ao lado delas.");
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const tenantIds = new Map<string, string>();
    for (const school of SCHOOLS) {
      const [t] = await tx.insert(tenants).values({ slug: school.slug, name: school.name }).returning({ id: tenants.id });
      tenantIds.set(school.slug, t.id);
      if (school.unidades.length) {
        await tx.insert(unidades).values(school.unidades.map((name) => ({ tenantId: t.id, name })));
      }
      await tx.update(systemConfig).set({ value: DEMO_YEAR })
        .where(sql`${systemConfig.tenantId} = ${t.id} and ${systemConfig.key} = ${ANO_LETIVO_KEY}`);
      await seedStudents(tx as unknown as Db, t.id, school);
      if (school.checkOn) {
        for (const key of ["rematricula.inadimplencia.enabled", "rematricula.inadimplencia.enforcement.server_enabled"]) {
          await tx.update(systemConfig).set({ value: true })
            .where(sql`${systemConfig.tenantId} = ${t.id} and ${systemConfig.key} = ${key}`);
        }
      }
    }
    for (const u of DEMO_USERS) {
      const [row] = await tx.insert(users).values({ email: u.email, name: u.name, passwordHash }).returning({ id: users.id });
      await tx.insert(memberships).values(
        u.roles.map(([slug, role]) => ({ tenantId: tenantIds.get(slug)!, userId: row.id, role: role as never })),
      );
    }
  });
}

async function seedStudents(db: Db, tenantId: string, school: DemoSchool) {
  const rand = prng(school.seed);
  const pick = <T,>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
  const rows: (typeof alunos.$inferInsert)[] = [];
  for (let i = 0; i < school.students; i++) {
    const family = `${pick(SURNAMES)} ${pick(SURNAMES)}`;
    // Every 40th student repeats an earlier student's name with another family: homonyms.
    const nome = i > 0 && i % 40 === 0 ? rows[i - 7].nome : `${pick(FIRST_NAMES)} ${family}`;
    const serie = SERIES[Math.floor(rand() * SERIES.length)];
    rows.push({
      tenantId,
      matricula: school.code(i),
      nome,
      responsavelNome: `${pick(GUARDIAN_FIRST)} ${family}`,
      responsavelTelefone: phone(rand),
      unidade: school.unidades.length ? pick(school.unidades) : null,
      serie,
      turma: pick(["A", "B", "C"]),
      anoLetivo: DEMO_YEAR,
      dataNascimento: `${2008 + Math.floor(rand() * 14)}-${String(1 + Math.floor(rand() * 12)).padStart(2, "0")}-${String(1 + Math.floor(rand() * 28)).padStart(2, "0")}`,
    });
  }
  await db.insert(alunos).values(rows);
  // About one student in ten is on the finance team's list, written the way
  // finance exports write it: upper case, accents dropped, stray spaces.
  const delinquent = rows.filter((_, i) => i % 10 === 3);
  await db.insert(inadimplentes).values(
    delinquent.map((a, n) => ({
      tenantId,
      codigoInadim: `INAD-${String(n + 1).padStart(4, "0")}`,
      studentName: n % 3 === 0 ? a.nome.toUpperCase() : n % 3 === 1 ? ` ${a.nome.normalize("NFD").replace(/[\u0300-\u036f]/g, "")} ` : a.nome,
      guardian1Name: a.responsavelNome,
      studentEscola: a.unidade ?? school.name,
      mesesInadim: 1 + Math.floor(rand() * 14),
      source: "demo",
    })),
  );
}
