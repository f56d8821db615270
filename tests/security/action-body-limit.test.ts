import { expect, test } from "vitest";
import { ACTION_BODY_LIMIT, actionBodyTooLarge } from "@/lib/http/action-body-limit";

const h = (init: Record<string, string>) => new Headers(init);

test("a server action POST declaring more than the limit is answered 413 in Portuguese", async () => {
  const res = actionBodyTooLarge("POST", h({ "next-action": "abc", "content-length": String(ACTION_BODY_LIMIT + 1) }));
  expect(res?.status).toBe(413);
  expect(await res!.text()).toContain("limite é de 1 MB");
});

test("a malformed Content-Length on an action is refused too", () => {
  expect(actionBodyTooLarge("POST", h({ "next-action": "abc", "content-length": "1e9" }))?.status).toBe(413);
});

test("bodies within the limit, requests without a declared length, non-actions and GETs pass through", () => {
  expect(actionBodyTooLarge("POST", h({ "next-action": "abc", "content-length": String(ACTION_BODY_LIMIT) }))).toBeNull();
  expect(actionBodyTooLarge("POST", h({ "next-action": "abc" }))).toBeNull();
  expect(actionBodyTooLarge("POST", h({ "content-length": String(50 * ACTION_BODY_LIMIT) }))).toBeNull();
  expect(actionBodyTooLarge("GET", h({ "next-action": "abc", "content-length": String(50 * ACTION_BODY_LIMIT) }))).toBeNull();
});
