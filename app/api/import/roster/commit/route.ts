import { AppError } from "@/lib/errors";
import { readImportUpload } from "@/lib/import/upload";
import { importRoute, resultStatus } from "@/lib/import/route";
import { commitRoster } from "@/lib/people/roster/commit";
import { ROSTER_FIELDS } from "@/lib/people/roster/contract";

export const runtime = "nodejs";

/** Commits the roster file the user previewed, sent again with the preview's sha256 and the same answers. */
export function POST(request: Request): Promise<Response> {
  return importRoute("roster commit", request, async (ctx) => {
    const upload = await readImportUpload(request, true, ROSTER_FIELDS);
    if (!upload.sha256) throw new AppError("VALIDATION", "Pré-visualize o arquivo antes de confirmar.");
    const result = await commitRoster(ctx.session, upload.file, {
      mode: upload.mode, mapping: upload.mapping, confirmations: upload.confirmations, expectedSha256: upload.sha256,
    });
    return Response.json(result, { status: resultStatus(result) });
  }, "roster");
}
