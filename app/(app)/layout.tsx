import { redirect } from "next/navigation";
import { getPageContext } from "@/lib/auth/context";
import { Header } from "./_components/header";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  // Layouts do not protect pages or actions (each one checks its own capability);
  // this only keeps the header from rendering for a stale session.
  const ctx = await getPageContext();
  if (!ctx) redirect("/login");
  return (
    <>
      <Header ctx={ctx} />
      <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
    </>
  );
}
