import { afterEach, expect, test, vi } from "vitest";
import { log } from "@/lib/log";

// The undo form's action answers a generic message on an unexpected failure;
// the failure itself must reach the structured log (class, SQLSTATE, stack —
// never the message). It used to go to console.error as a nested object, which
// the production console routing (lib/log-console.ts) reduced to its text.
vi.mock("@/lib/auth/context", () => ({
  requireAction: async () => ({ session: { tenantId: "t", userId: "u", roles: ["financeiro"] } }),
}));
vi.mock("@/lib/inadimplencia/import/undo", () => ({
  undoImport: async () => {
    const e = new Error("duplicate key value violates unique constraint: (Maria Aparecida Souza)");
    Object.assign(e, { code: "23505" });
    throw e;
  },
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
afterEach(() => { vi.restoreAllMocks(); });

test("an unexpected failure of the import undo is logged the house way, without its message", async () => {
  const error = vi.spyOn(log, "error").mockImplementation(() => undefined);
  const consoleError = vi.spyOn(console, "error").mockImplementation(() => undefined);
  const { undoAction } = await import("@/app/(app)/admin/inadimplentes/importacoes/[id]/actions");
  const form = new FormData();
  form.set("batchId", "00000000-0000-4000-8000-000000000001");
  expect(await undoAction({ status: "idle" }, form)).toMatchObject({ status: "error", code: "UNEXPECTED" });
  expect(error).toHaveBeenCalledTimes(1);
  const [fields] = error.mock.calls[0] as unknown as [Record<string, unknown>];
  expect(fields).toMatchObject({ action: "undoImport", outcome: "failed", errorType: "Error", sqlstate: "23505" });
  expect(JSON.stringify(fields)).not.toContain("Maria Aparecida");
  expect(consoleError).not.toHaveBeenCalled();
});
