import { describe, expect, test } from "vitest";
import { hash53, lastOfEachKey } from "@/lib/import/last-of-each-key";

const items = ["a1", "b1", "a2", "c1", "b2", "a3"].map((id) => ({ id, key: id[0] }));
const ids = (list: { id: string }[]) => list.map((i) => i.id);

describe("last of each key", () => {
  test.each([
    ["the real hash", hash53],
    // Every key collides: items must still be told apart by their keys.
    ["a hash where every key collides", () => 7],
    ["a hash where two keys collide", (key: string) => (key === "c" ? 1 : key === "a" ? 1 : 2)],
  ])("keeps the last item of each key and names what replaced each earlier one, with %s", (_name, hash) => {
    const { kept, replaced } = lastOfEachKey(items, (i) => i.key, hash);
    expect(ids(kept)).toEqual(["c1", "b2", "a3"]);
    expect(replaced.map((r) => [r.earlier.id, r.by.id])).toEqual([["a1", "a2"], ["b1", "b2"], ["a2", "a3"]]);
  });

  test("the hash tells apart keys that differ in one character and is a safe integer", () => {
    const keys = ["ana silva\u0000\u0000\u0000", "ana silvb\u0000\u0000\u0000", "ana silva\u0000\u0000x\u0000", ""];
    const hashes = keys.map(hash53);
    expect(new Set(hashes).size).toBe(keys.length);
    for (const h of hashes) expect(Number.isSafeInteger(h) && h >= 0).toBe(true);
  });
});
