import { errorResponse } from "@/lib/action-state";
import { recordExportOf } from "@/lib/audit/exports";
import { requireAction } from "@/lib/auth/context";
import { csvResponse } from "@/lib/csv/export";
import { batchErrorsCsv } from "@/lib/import/batches";

export const runtime = "nodejs";

/** A roster batch's invalid rows and warnings as a CSV for Excel (formula cells neutralised by toCsv). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const ctx = await requireAction("roster");
    const id = (await params).id;
    const { fileName, csv, rows } = await batchErrorsCsv(ctx.session, "alunos", id);
    await recordExportOf(ctx.session, "import_errors", { importacao: id }, rows);
    return csvResponse(fileName, csv);
  } catch (e) {
    return errorResponse("roster errors csv", e);
  }
}
