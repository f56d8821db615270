import "next-auth";
import type { Role } from "@/db/schema";

declare module "next-auth" {
  interface Session {
    user: { id: string; name?: string | null; email?: string | null };
    roles?: Role[];
    mustChangePassword?: boolean;
    /** The server-side session this cookie names (lib/auth/sessions.ts). */
    sid?: string;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    tenantId?: string | null;
    roles?: Role[];
    mustChangePassword?: boolean;
    /** When the claims above were last read from the database (ms since epoch). */
    claimsAt?: number;
    /** The server-side session record; a cookie whose record is gone opens nothing. */
    sid?: string;
  }
}
