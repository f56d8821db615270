import Link from "next/link";

export interface WayBack {
  href: string;
  label: string;
}

/** The body of the not-found and error pages: what happened and where to go from here. */
export function PageMessage({ title, children, links }: { title: string; children: React.ReactNode; links: WayBack[] }) {
  return (
    <section className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-6">
      <h1 className="mb-2 text-xl font-semibold">{title}</h1>
      <div className="text-slate-700">{children}</div>
      <p className="mt-4 flex flex-wrap gap-x-6 gap-y-2">
        {links.map((l) => (
          <Link key={l.href} href={l.href} className="font-medium text-blue-800 underline hover:text-blue-950">
            {l.label}
          </Link>
        ))}
      </p>
    </section>
  );
}
