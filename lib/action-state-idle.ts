import type { ActionState } from "./action-state";

/** The initial form state, importable by client components (action-state.ts is server-only). */
export const IDLE: ActionState = { status: "idle" };
