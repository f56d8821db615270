import "server-only";
import type { Tx } from "@/db/client";
import { unknownCodeWarnings } from "./stage";
import type { LineIssue, LoadedFile } from "./types";
import { unknownUnidadeWarnings } from "./unidade-warnings";

/** The file's own warnings and those only the staged rows can tell, by line; preview and commit report the same. */
export async function stagedWarnings(tx: Tx, loaded: LoadedFile): Promise<LineIssue[]> {
  return [...loaded.warnings, ...(await unknownCodeWarnings(tx)), ...(await unknownUnidadeWarnings(tx))]
    .sort((a, b) => a.line - b.line);
}
