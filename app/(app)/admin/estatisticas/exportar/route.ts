import { csvResponse } from "@/lib/csv/export";
import { errorResponse } from "@/lib/action-state";
import { requireAction } from "@/lib/auth/context";
import { listTrends, trendsCsv } from "@/lib/inadimplencia/trends";

/** The weekly trend of the page (whole school or `?unidade=`) as CSV; an unknown unidade gives the whole school. */
export async function GET(request: Request): Promise<Response> {
  try {
    const ctx = await requireAction("inadimplentes.read");
    const trends = await listTrends(ctx.session, new URL(request.url).searchParams.get("unidade") ?? "");
    const day = new Date().toLocaleDateString("sv-SE", { timeZone: "America/Sao_Paulo" });
    return csvResponse(`tendencia-${ctx.tenant.slug}-${day}.csv`, trendsCsv(trends));
  } catch (e) {
    return errorResponse("exportTrends", e);
  }
}
