import { IMPORT_FIELDS } from "@/lib/inadimplencia/import/contract";
import { previewImport } from "@/lib/inadimplencia/import/preview";
import { readImportUpload } from "@/lib/import/upload";
import { importRoute, resultStatus } from "@/lib/import/route";

export const runtime = "nodejs";

/** Dry run of an uploaded CSV: what the import would do, nothing written. */
export function POST(request: Request): Promise<Response> {
  return importRoute("import preview", request, async (ctx) => {
    const upload = await readImportUpload(request, false, IMPORT_FIELDS);
    const result = await previewImport(ctx.session, upload.file, {
      mode: upload.mode, mapping: upload.mapping, choices: upload.confirmations,
    });
    return Response.json(result, { status: resultStatus(result) });
  });
}
