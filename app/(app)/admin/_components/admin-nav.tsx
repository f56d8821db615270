"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export interface AdminLink {
  href: string;
  label: string;
}

/** The admin area's tabs; the server decides which ones the user may see. */
export function AdminNav({ links }: { links: AdminLink[] }) {
  const pathname = usePathname();
  const current = links.filter((l) => pathname === l.href || pathname.startsWith(`${l.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0];
  return (
    <nav aria-label="Administração" className="mb-6 flex flex-wrap gap-2 border-b border-slate-200 pb-2 text-sm">
      {links.map((l) => (
        <Link key={l.href} href={l.href} aria-current={l === current ? "page" : undefined}
          className={`rounded px-3 py-1.5 ${l === current ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100"}`}>
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
