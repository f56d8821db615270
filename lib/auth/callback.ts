const BASE = "http://rematricula.invalid";

/**
 * Where to go after signing in: a path of this site only. The URL is first
 * normalised as a browser would read it (dot segments, backslashes, percent
 * escapes of the host part), and only then judged: "/.//evil.example/x" passes
 * every test on the raw text yet normalises to "//evil.example/x", which a
 * browser reads as another origin. The result must be a path of this origin
 * that still names this origin when read again, never the sign-in page itself.
 */
export function safeCallbackPath(raw: unknown): string | null {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2000) return null;
  // Control characters are stripped by browsers before parsing ("/\t/evil").
  if (/[\u0000-\u001f\u007f]/.test(raw) || !raw.startsWith("/")) return null;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  const path = `${url.pathname}${url.search}`;
  // The normalised path read again: "//host" or "/\host" would leave the site.
  if (!/^\/(?![/\\])/.test(path) || new URL(path, BASE).origin !== BASE) return null;
  if (url.pathname === "/login" || url.pathname.startsWith("/login/")) return null;
  return path;
}
