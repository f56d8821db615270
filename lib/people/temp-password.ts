import "server-only";
import { randomInt } from "node:crypto";

// No look-alike characters (0/O, 1/l/I): the admin reads it to the person.
const ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A temporary password: 14 characters from a 55-letter alphabet (~80 bits). */
export function generateTempPassword(length = 14): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}
