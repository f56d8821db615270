import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { errorFields, log } from "@/lib/log";
import { refreshClaims } from "./claims";
import { clientKey, trustedProxyHops } from "./client-ip";
import { verifyCredentials } from "./credentials";
import { resolveContext, resolveRequestContext } from "./resolve";
import { decodeSession } from "./session-decode";
import { endSession, openSession } from "./sessions";

class ThrottledSignin extends CredentialsSignin {
  code = "throttled";
}

const credentialsSchema = z.object({
  email: z.string().trim().email().max(254),
  password: z.string().min(1).max(200),
});

export const { handlers, auth, signIn, signOut, unstable_update } = NextAuth({
  trustHost: true,
  // A wrong password is an expected outcome, not a server error worth a stack trace.
  logger: {
    error(error) {
      if (error instanceof CredentialsSignin) return;
      log.error({ action: "auth", ...errorFields(error) }, "auth failed");
    },
  },
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  jwt: { decode: decodeSession },
  pages: { signIn: "/login" },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        try {
          const ip = request ? clientKey(request.headers, trustedProxyHops()) : "desconhecido";
          return await verifyCredentials(parsed.data.email, parsed.data.password, ip);
        } catch (e) {
          if (e instanceof AppError && e.code === "THROTTLED") throw new ThrottledSignin();
          throw e;
        }
      },
    }),
  ],
  events: {
    // "Sair" (and Auth.js's own sign-out endpoint): the record goes, so a copy
    // of this cookie kept anywhere opens nothing afterwards.
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (typeof sid === "string") await endSession(sid);
    },
  },
  callbacks: {
    async jwt({ token, user, trigger }) {
      if (user?.id) {
        token.sub = user.id;
        token.sid = await openSession(user.id);
      }
      // Sign-in and update() (a school switch, a password change) follow a write
      // in the same request: they read afresh. A stale refresh shares the action's own read.
      const event = { signedIn: !!user, update: trigger === "update", now: Date.now() };
      return refreshClaims(token, event, event.signedIn || event.update ? resolveContext : resolveRequestContext);
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      session.sid = token.sid;
      // The user's own roles in the active school, for the proxy's routing.
      session.roles = token.roles;
      session.mustChangePassword = token.mustChangePassword;
      return session;
    },
  },
});
