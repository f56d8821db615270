import { sql } from "drizzle-orm";

/** The system_config key of the school's current year (docs/decisions.md, "School year"). */
export const ANO_LETIVO_KEY = "escola.ano_letivo";

// The school's current year, read from its setting in the request's school.
// Every school has one (migration 0014 and the new-tenant trigger write it, and
// no one may delete it); the calendar year only keeps a page answering if a
// school somehow lacked it.
export const ANO_ATUAL = sql`coalesce((select (c.value #>> '{}')::int from system_config c
  where c.tenant_id = (select app_tenant()) and c.key = ${ANO_LETIVO_KEY}), extract(year from current_date)::int)`;

// The year the campaign re-enrolls for: the one after the school's. One
// expression shared by the lists, the detail, finalize, cancel and the year
// turn, so they never disagree.
export const ANO_DESTINO = sql`(${ANO_ATUAL} + 1)`;
