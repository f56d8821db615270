import { redirect } from "next/navigation";
import { getPageContext } from "@/lib/auth/context";
import { landingPath } from "@/lib/auth/landing";
import { CHANGE_PASSWORD_PATH } from "@/lib/auth/routing";

export default async function Home() {
  const ctx = await getPageContext();
  if (!ctx) redirect("/login");
  // Straight to the password change: a second redirect after sign-in would
  // leave the browser's address at "/".
  redirect(ctx.mustChangePassword ? CHANGE_PASSWORD_PATH : landingPath(ctx.roles));
}
