/**
 * The Content-Security-Policy of every page. Scripts run only with this
 * request's nonce (Next puts it on its own scripts) or when loaded by one of
 * them ('strict-dynamic'); nothing may frame the site. Styles allow inline
 * attributes: React style props and the charts' SVG use them, and a style
 * cannot run code.
 */
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
