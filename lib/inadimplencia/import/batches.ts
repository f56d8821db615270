import "server-only";
import type { TenantSession } from "@/lib/auth/permissions";
import * as shared from "@/lib/import/batches";
import type { BatchDetail, BatchPage } from "./types";

// The list's import history: the shared batch record, kind "inadimplentes".

export function listBatches(session: TenantSession, opts: { page?: number }): Promise<BatchPage> {
  return shared.listBatches(session, "inadimplentes", opts);
}

export function getBatch(session: TenantSession, id: string): Promise<BatchDetail> {
  return shared.getBatch(session, "inadimplentes", id);
}

export function batchErrorsCsv(session: TenantSession, id: string): Promise<{ fileName: string; csv: string; rows: number }> {
  return shared.batchErrorsCsv(session, "inadimplentes", id);
}
