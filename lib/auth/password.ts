import { hash, verify } from "@node-rs/argon2";
import { createHashGate } from "./hash-gate";

const gated = createHashGate(Number(process.env.HASH_CONCURRENCY) || 4, Number(process.env.HASH_QUEUE) || 64);

// argon2id with the library's defaults (19 MiB, 2 passes): OWASP's minimum.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password; with no stored hash (unknown e-mail) it verifies against a
 * throwaway hash instead, so that both cases cost the same time.
 */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (!storedHash) {
    dummyHash ??= hash("senha-inexistente-para-tempo-constante");
    const dummy = await dummyHash;
    await gated(() => verify(dummy, password).catch(() => false));
    return false;
  }
  return gated(() => verify(storedHash, password).catch(() => false));
}
