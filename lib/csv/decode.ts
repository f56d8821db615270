import { AppError } from "@/lib/errors";

export type CsvEncoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

export interface DecodedCsv {
  text: string;
  encoding: CsvEncoding;
}

// Spreadsheets and documents uploaded instead of their CSV export. They get a
// message that says what to do, because "binary file" means little to the
// finance team. ZIP covers .xlsx and .ods, OLE2 the old .xls.
const SAVE_AS_CSV = "No Excel, use Arquivo › Salvar como › CSV e envie o arquivo gerado.";
const KNOWN_FORMATS: { magic: number[]; message: string }[] = [
  {
    magic: [0x50, 0x4b, 0x03, 0x04],
    message: `O arquivo é uma planilha (.xlsx/.ods) ou um arquivo compactado, não um CSV. ${SAVE_AS_CSV}`,
  },
  {
    magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    message: `O arquivo é uma planilha do Excel (.xls), não um CSV. ${SAVE_AS_CSV}`,
  },
  {
    magic: [0x25, 0x50, 0x44, 0x46, 0x2d],
    message: "O arquivo é um PDF, não um CSV. Exporte a lista do sistema financeiro em formato CSV.",
  },
];

// What windows-1252 puts at bytes 0x80-0x9F (WHATWG index; the five unused
// bytes stay C1 controls). Node's TextDecoder decodes these bytes as Latin-1
// since 20.18.3/22.13.0 (nodejs/node#60888), which would turn the "’" of
// "D’Ávila", Excel's usual apostrophe, into an invisible control character.
const CP1252_80_9F =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

const BINARY_MESSAGE =
  "O arquivo não parece ser um CSV: ele contém dados binários. " +
  "Envie a lista exportada em formato CSV (texto separado por vírgula ou ponto e vírgula).";

// How much of the text the binary check looks at, and the share of control
// characters above which it gives up. Text exports have none; random bytes
// decoded as windows-1252 give about 14%. A stray NUL or two in a field stays
// below the threshold: validation strips those rather than refusing the file.
const SAMPLE_CHARS = 64 * 1024;
const MAX_CONTROL_SHARE = 0.05;

/**
 * Bytes of an uploaded CSV as text. A BOM decides (UTF-8, UTF-16 LE/BE);
 * without one, strict UTF-8 is tried and windows-1252 — what Excel in
 * Portuguese writes — is the fallback: a Latin-1 "ç" between letters is not
 * valid UTF-8, so the strict decoder fails on it instead of producing "�". The
 * BOM is not part of the returned text.
 */
export function decodeCsvBytes(bytes: Uint8Array): DecodedCsv {
  for (const format of KNOWN_FORMATS) {
    if (startsWith(bytes, format.magic)) throw new AppError("VALIDATION", format.message);
  }
  const decoded = decode(bytes);
  if (controlShare(decoded.text) > MAX_CONTROL_SHARE) throw new AppError("VALIDATION", BINARY_MESSAGE);
  return decoded;
}

function decode(bytes: Uint8Array): DecodedCsv {
  if (startsWith(bytes, [0xff, 0xfe])) return decodeUtf16(bytes.subarray(2), "utf-16le");
  if (startsWith(bytes, [0xfe, 0xff])) return decodeUtf16(bytes.subarray(2), "utf-16be");
  const body = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(body), encoding: "utf-8" };
  } catch {
    return { text: decodeWindows1252(body), encoding: "windows-1252" };
  }
}

function decodeWindows1252(body: Uint8Array): string {
  return new TextDecoder("windows-1252")
    .decode(body)
    .replace(/[\u0080-\u009f]/g, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80]);
}

function decodeUtf16(body: Uint8Array, encoding: "utf-16le" | "utf-16be"): DecodedCsv {
  try {
    return { text: new TextDecoder(encoding, { fatal: true }).decode(body), encoding };
  } catch {
    throw new AppError(
      "VALIDATION",
      "O arquivo se declara UTF-16, mas o conteúdo está corrompido ou incompleto. Exporte o CSV novamente.",
    );
  }
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

/** Share of C0/C1 control characters (tab and line breaks excepted) at the start of the text. */
function controlShare(text: string): number {
  const n = Math.min(text.length, SAMPLE_CHARS);
  if (n === 0) return 0;
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f)) controls++;
  }
  return controls / n;
}
