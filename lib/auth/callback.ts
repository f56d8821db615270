/**
 * Where to go after signing in: a path of this site only. Anything that a
 * browser could read as another origin ("//evil", "/\evil", "https:…", control
 * characters that browsers strip) is refused, so the login's callback can never
 * become an open redirect.
 */
export function safeCallbackPath(raw: unknown): string | null {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2000) return null;
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.includes("\\")) return null;
  if (/[\u0000-\u001f\u007f]/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw, "http://rematricula.invalid");
  } catch {
    return null;
  }
  if (url.origin !== "http://rematricula.invalid" || url.pathname.startsWith("/login")) return null;
  return `${url.pathname}${url.search}`;
}
