"use client";

import { useRef } from "react";
import { switchTenant } from "../actions";

interface Props {
  tenants: { id: string; name: string }[];
  activeId: string;
}

export function TenantSelector({ tenants, activeId }: Props) {
  const form = useRef<HTMLFormElement>(null);
  return (
    <form ref={form} action={switchTenant} className="flex items-center gap-2">
      <label htmlFor="tenant-select" className="text-sm text-slate-200">Escola</label>
      <select id="tenant-select" name="tenantId" defaultValue={activeId}
        onChange={() => form.current?.requestSubmit()}
        className="rounded border border-slate-500 bg-slate-800 px-2 py-1 text-sm text-white">
        {tenants.map((t) => (
          <option key={t.id} value={t.id}>{t.name}</option>
        ))}
      </select>
      <noscript><button type="submit" className="text-sm underline">Trocar</button></noscript>
    </form>
  );
}
