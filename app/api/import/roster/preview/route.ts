import { readImportUpload } from "@/lib/import/upload";
import { importRoute, resultStatus } from "@/lib/import/route";
import { ROSTER_FIELDS } from "@/lib/people/roster/contract";
import { previewRoster } from "@/lib/people/roster/preview";

export const runtime = "nodejs";

/** Dry run of a roster file: what it would do to the school's students, nothing written. */
export function POST(request: Request): Promise<Response> {
  return importRoute("roster preview", request, async (ctx) => {
    const upload = await readImportUpload(request, false, ROSTER_FIELDS);
    const result = await previewRoster(ctx.session, upload.file, {
      mode: upload.mode, mapping: upload.mapping, confirmations: upload.confirmations,
    });
    return Response.json(result, { status: resultStatus(result) });
  }, "roster");
}
