import { csvResponse } from "@/lib/csv/export";
import { errorResponse } from "@/lib/action-state";
import { requireAction } from "@/lib/auth/context";
import { exportCsv } from "@/lib/inadimplencia/export";
import { exportInadimplentes } from "@/lib/inadimplencia/list";
import { paramsOf, parseListQuery } from "@/lib/inadimplencia/list-query";

/** The list's current filter and order as CSV; the same parsing as the page, so any URL gives a file or a clear error. */
export async function GET(request: Request): Promise<Response> {
  try {
    const ctx = await requireAction("inadimplentes.read");
    const query = parseListQuery(paramsOf(new URL(request.url).searchParams));
    const rows = await exportInadimplentes(ctx.session, query);
    const day = new Date().toLocaleDateString("sv-SE", { timeZone: "America/Sao_Paulo" });
    return csvResponse(`inadimplentes-${ctx.tenant.slug}-${day}.csv`, exportCsv(rows));
  } catch (e) {
    return errorResponse("exportInadimplentes", e);
  }
}
