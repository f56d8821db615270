import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { assertCan, type TenantSession } from "@/lib/auth/permissions";
import { ANO_ATUAL } from "../ano";

export interface YearTurn {
  id: string;
  fromYear: number;
  toYear: number;
  deactivate: boolean;
  author: string | null;
  createdAt: string;
  promoted: number;
  concluded: number;
  deactivated: number;
  kept: number;
  undoneAt: string | null;
  undoneBy: string | null;
  /** Only the turn that opened the school's current year can be undone. */
  undoable: boolean;
}

/** The school's turns of the year, latest first (admins only). */
export async function listYearTurns(session: TenantSession, limit = 20): Promise<YearTurn[]> {
  assertCan(session, "people");
  return withTenant(session, async (tx) => rowsOf<YearTurn>(await tx.execute(sql`
    select b.id, b.from_year as "fromYear", b.to_year as "toYear", b.deactivate, au.name as author,
      to_json(b.created_at) #>> '{}' as "createdAt", b.promoted, b.concluded, b.deactivated, b.kept,
      to_json(b.undone_at) #>> '{}' as "undoneAt", uu.name as "undoneBy",
      b.undone_at is null and b.to_year = ${ANO_ATUAL} as undoable
    from ano_letivo_batches b
    left join users au on au.id = b.author
    left join users uu on uu.id = b.undone_by
    order by b.created_at desc, b.id limit ${limit}`)));
}
