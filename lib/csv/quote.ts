/** A value of the file as messages quote it: in curly quotes, cut to `max` characters with "…". */
export function quoteValue(value: string, max: number): string {
  return `“${value.length > max ? `${value.slice(0, max)}…` : value}”`;
}
