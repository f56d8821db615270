import { previewImport } from "@/lib/inadimplencia/import/preview";
import { readImportUpload } from "@/lib/inadimplencia/import-request";
import { importRoute, resultStatus } from "@/lib/inadimplencia/import-route";

export const runtime = "nodejs";

/** Dry run of an uploaded CSV: what the import would do, nothing written. */
export function POST(request: Request): Promise<Response> {
  return importRoute("import preview", request, async (ctx) => {
    const upload = await readImportUpload(request, false);
    const result = await previewImport(ctx.session, upload.file, { mode: upload.mode, mapping: upload.mapping });
    return Response.json(result, { status: resultStatus(result) });
  });
}
