import { redirect } from "next/navigation";
import { getRequestContext } from "@/lib/auth/context";
import { landingPath } from "@/lib/auth/landing";

export default async function Home() {
  const ctx = await getRequestContext();
  if (!ctx) redirect("/login");
  redirect(landingPath(ctx.roles));
}
