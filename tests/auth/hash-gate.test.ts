import { expect, test } from "vitest";
import { createHashGate } from "@/lib/auth/hash-gate";

const tick = () => new Promise((r) => setTimeout(r, 5));

test("at most `running` tasks run at once, the queue drains in order, the excess is refused", async () => {
  const gate = createHashGate(2, 3);
  let now = 0;
  let peak = 0;
  const done: number[] = [];
  const task = (i: number) => gate(async () => {
    peak = Math.max(peak, ++now);
    await tick();
    now--;
    done.push(i);
    return i;
  });
  const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => task(i)));
  expect(peak).toBe(2);
  expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
  const refused = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
  expect(refused).toHaveLength(3);
  expect(refused[0].reason).toMatchObject({ code: "THROTTLED" });
  expect(done).toEqual([0, 1, 2, 3, 4]);
});

test("a failing task frees its slot", async () => {
  const gate = createHashGate(1, 0);
  await expect(gate(async () => { throw new Error("x"); })).rejects.toThrow("x");
  await expect(gate(async () => 42)).resolves.toBe(42);
});
