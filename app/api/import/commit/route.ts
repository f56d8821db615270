import { IMPORT_FIELDS } from "@/lib/inadimplencia/import/contract";
import { AppError } from "@/lib/errors";
import { commitImport } from "@/lib/inadimplencia/import/commit";
import { readImportUpload } from "@/lib/import/upload";
import { importRoute, resultStatus } from "@/lib/import/route";

export const runtime = "nodejs";

/**
 * Commits the file the user previewed. The page sends the same file again with
 * the preview's sha256, so the server keeps no state between the two steps and
 * a file changed on disk in between is refused instead of imported unseen.
 */
export function POST(request: Request): Promise<Response> {
  return importRoute("import commit", request, async (ctx) => {
    const upload = await readImportUpload(request, true, IMPORT_FIELDS);
    if (!upload.sha256) throw new AppError("VALIDATION", "Pré-visualize o arquivo antes de confirmar.");
    const result = await commitImport(ctx.session, upload.file, {
      mode: upload.mode,
      mapping: upload.mapping,
      choices: upload.confirmations,
      expectedSha256: upload.sha256,
    });
    return Response.json(result, { status: resultStatus(result) });
  });
}
