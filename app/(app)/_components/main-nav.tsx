"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export interface MainLink {
  href: string;
  label: string;
  /** Other paths that belong to this section (the finance area's tabs, say). */
  also?: string[];
}

/** The header's sections; the server decides which ones the user may see. */
export function MainNav({ links }: { links: MainLink[] }) {
  const pathname = usePathname();
  const under = (p: string) => pathname === p || pathname.startsWith(`${p}/`);
  // The longest matching path wins: /admin/alunos is Alunos, not a prefix of something else.
  const current = links
    .map((l) => ({ l, len: Math.max(...[l.href, ...(l.also ?? [])].map((p) => (under(p) ? p.length : -1))) }))
    .filter((c) => c.len >= 0)
    .sort((a, b) => b.len - a.len)[0]?.l;
  return (
    <nav aria-label="Principal" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
      {links.map((l) => (
        <Link key={l.href} href={l.href} aria-current={l === current ? "page" : undefined}
          className={l === current ? "font-semibold text-white underline underline-offset-4" : "text-slate-200 hover:text-white hover:underline"}>
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
