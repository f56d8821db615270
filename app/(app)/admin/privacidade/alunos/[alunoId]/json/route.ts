import { errorResponse } from "@/lib/action-state";
import { requireAction } from "@/lib/auth/context";
import { studentData } from "@/lib/privacy/student-data";

/** The family's data as a JSON file (recorded as a request and an export, like the page). */
export async function GET(_request: Request, { params }: { params: Promise<{ alunoId: string }> }): Promise<Response> {
  try {
    const ctx = await requireAction("people");
    const { alunoId } = await params;
    const data = await studentData(ctx.session, alunoId, ctx.tenant.name, "json");
    return new Response(JSON.stringify(data, null, 2), {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="dados-aluno-${alunoId}.json"`,
        "cache-control": "no-store",
      },
    });
  } catch (e) {
    return errorResponse("exportStudentData", e);
  }
}
