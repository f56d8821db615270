import { requireAction } from "@/lib/auth/context";
import { errorResponse } from "@/lib/action-state";
import { csvResponse } from "@/lib/csv/export";
import { exportCampaignCsv } from "@/lib/rematricula/campaign-export";
import { parseCampaignQuery } from "@/lib/rematricula/campaign-query";

/** The campaign list of the URL's filters as CSV; the same parsing as the page, so any URL is answered. */
export async function GET(request: Request): Promise<Response> {
  try {
    const ctx = await requireAction("rematricula");
    const query = parseCampaignQuery(new URL(request.url).searchParams);
    const csv = await exportCampaignCsv(ctx.session, query);
    return csvResponse(`rematricula-${new Date().toISOString().slice(0, 10)}.csv`, csv);
  } catch (e) {
    return errorResponse("exportCampaignCsv", e);
  }
}
