"use server";

import { AuthError } from "next-auth";
import { safeCallbackPath } from "@/lib/auth/callback";
import { signIn } from "@/lib/auth/config";
import { THROTTLED_MESSAGE } from "@/lib/auth/credentials";

export interface LoginState {
  error?: string;
  email?: string;
}

export async function login(_prev: LoginState, form: FormData): Promise<LoginState> {
  const email = String(form.get("email") ?? "");
  try {
    // On success signIn throws Next's redirect, which must propagate.
    // The callback is checked again here: the form field is the user's to forge.
    const redirectTo = safeCallbackPath(form.get("callbackUrl")) ?? "/";
    await signIn("credentials", { email, password: String(form.get("password") ?? ""), redirectTo });
    return {};
  } catch (e) {
    if (e instanceof AuthError) {
      const throttled = "code" in e && e.code === "throttled";
      return { email, error: throttled ? THROTTLED_MESSAGE : "E-mail ou senha inválidos." };
    }
    throw e;
  }
}
