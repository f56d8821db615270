import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { hashPassword } from "@/lib/auth/password";
import { verifyCredentials } from "@/lib/auth/credentials";
import { THROTTLE } from "@/lib/auth/throttle";
import { createTestDb, type TestDb } from "../helpers/db";

let t: TestDb;
const email = "Pessoa.Teste@Escola.demo";

beforeAll(async () => {
  t = await createTestDb();
  await t.db.execute(sql`insert into users (email, name, password_hash)
    values (${email}, 'Pessoa Teste', ${await hashPassword("senha-certa")})`);
});
afterAll(async () => { await t?.close(); });

async function failuresOf(key: string): Promise<number | undefined> {
  const r = await t.db.execute(sql`select failures from login_throttle where key = ${key}`);
  return rowsOf<{ failures: number }>(r)[0]?.failures;
}

describe("verifyCredentials", () => {
  test("accepts the right password, with the e-mail in any case", async () => {
    const user = await verifyCredentials("  pessoa.teste@ESCOLA.demo ", "senha-certa", "10.0.0.1");
    expect(user?.name).toBe("Pessoa Teste");
  });

  test("refuses a wrong password and an unknown e-mail alike, and counts both", async () => {
    expect(await verifyCredentials(email, "errada", "10.0.0.2")).toBeNull();
    expect(await verifyCredentials("ninguem@escola.demo", "errada", "10.0.0.2")).toBeNull();
    expect(await failuresOf("email:ninguem@escola.demo")).toBe(1);
    expect(await failuresOf("ip:10.0.0.2")).toBe(2);
  });

  test("an unknown e-mail costs the same hashing time as a wrong password", async () => {
    const time = async (e: string) => {
      const start = performance.now();
      await verifyCredentials(e, "errada", "10.0.0.3");
      return performance.now() - start;
    };
    await time("aquecimento@escola.demo");
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      known.push(await time(email));
      unknown.push(await time(`ninguem${i}@escola.demo`));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[2];
    // Both paths run one argon2 verification; without the dummy hash the unknown
    // e-mail answers about a hundred times faster. The wide margin absorbs noise.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.3);
    await t.db.execute(sql`delete from login_throttle`);
  });

  test("locks the account after repeated failures, even for the right password", async () => {
    for (let i = 0; i < THROTTLE.maxPerAccount; i++) {
      expect(await verifyCredentials(email, "errada", `10.1.0.${i}`)).toBeNull();
    }
    await expect(verifyCredentials(email, "senha-certa", "10.2.0.1")).rejects.toMatchObject({ code: "THROTTLED" });
  });

  test("locks a client address that fails across many accounts", async () => {
    for (let i = 0; i < THROTTLE.maxPerIp; i++) {
      await verifyCredentials(`varredura${i}@escola.demo`, "errada", "10.9.9.9");
    }
    await expect(verifyCredentials("outra@escola.demo", "x", "10.9.9.9")).rejects.toMatchObject({ code: "THROTTLED" });
  });

  test("a success clears the account's failure count", async () => {
    await t.db.execute(sql`delete from login_throttle`);
    await verifyCredentials(email, "errada", "10.3.0.1");
    expect(await failuresOf("email:pessoa.teste@escola.demo")).toBe(1);
    expect(await verifyCredentials(email, "senha-certa", "10.3.0.1")).not.toBeNull();
    expect(await failuresOf("email:pessoa.teste@escola.demo")).toBeUndefined();
  });

  test("50 parallel wrong passwords for one account: at most the limit reach the password check", async () => {
    await t.db.execute(sql`delete from login_throttle`);
    const tries = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => verifyCredentials(email, `errada-${i}`, `10.5.${i}.1`)));
    const checked = tries.filter((r) => r.status === "fulfilled");
    const throttled = tries.filter((r) => r.status === "rejected" && (r.reason as { code?: string }).code === "THROTTLED");
    // Only attempts that ran the hash come back as a plain "wrong password".
    expect(checked.length).toBeLessThanOrEqual(THROTTLE.maxPerAccount);
    expect(checked.length + throttled.length).toBe(50);
    await expect(verifyCredentials(email, "senha-certa", "10.6.0.1")).rejects.toMatchObject({ code: "THROTTLED" });
  });

  test("a password longer than 72 bytes counts in full", async () => {
    await t.db.execute(sql`delete from login_throttle`);
    const long = `${"ç".repeat(40)}-final`; // 86 bytes in UTF-8
    const e = "longa@escola.demo";
    await t.db.execute(sql`insert into users (email, name, password_hash) values (${e}, 'Senha Longa', ${await hashPassword(long)})`);
    expect(await verifyCredentials(e, long, "10.7.0.1")).not.toBeNull();
    expect(await verifyCredentials(e, `${"ç".repeat(40)}-outra`, "10.7.0.1")).toBeNull();
  });
});
