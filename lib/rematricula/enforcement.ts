import { pgCode } from "@/db/pg-error";

/** SQLSTATE raised by the rematriculas trigger when it refuses a delinquent student. */
export const ENFORCEMENT_SQLSTATE = "RM001";

export function isEnforcementRefusal(e: unknown): boolean {
  return pgCode(e) === ENFORCEMENT_SQLSTATE;
}
