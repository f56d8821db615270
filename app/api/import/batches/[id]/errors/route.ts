import { errorResponse } from "@/lib/action-state";
import { recordExportOf } from "@/lib/audit/exports";
import { requireAction } from "@/lib/auth/context";
import { csvResponse } from "@/lib/csv/export";
import { batchErrorsCsv } from "@/lib/inadimplencia/import/batches";

export const runtime = "nodejs";

/** The batch's invalid rows and warnings as a CSV for Excel (formula cells neutralised by toCsv). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const ctx = await requireAction("inadimplentes.read");
    // A malformed id or another school's batch is NOT_FOUND (404) from the domain, never a cast error.
    const id = (await params).id;
    const { fileName, csv, rows } = await batchErrorsCsv(ctx.session, id);
    await recordExportOf(ctx.session, "import_errors", { importacao: id }, rows);
    return csvResponse(fileName, csv);
  } catch (e) {
    return errorResponse("import errors csv", e);
  }
}
