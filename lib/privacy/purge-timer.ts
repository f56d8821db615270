// No "server-only": started from instrumentation.ts (see purge-run.ts).
import { errorFields, log } from "@/lib/log";
import { purgeIfDue } from "./purge-run";

const HOUR_MS = 3_600_000;

/**
 * The retention purge, run by the server itself: no external cron to forget.
 * Each instance asks every hour; the database runs it at most once a day and
 * never twice at the same time (privacy_purge_due). The timer does not keep
 * the process alive, and a failure is logged and retried the next hour.
 */
export function startPurgeTimer(everyMs = HOUR_MS): void {
  const g = globalThis as { __privacyPurgeTimer?: NodeJS.Timeout };
  if (g.__privacyPurgeTimer) return;
  const tick = async () => {
    try {
      const run = await purgeIfDue();
      if (run !== null) log.info({ job: "privacy_purge", run }, "privacy purge ran");
    } catch (e) {
      log.error({ job: "privacy_purge", ...errorFields(e) }, "privacy purge failed");
    }
  };
  // The first try waits a minute, so start-up (migrations, the first requests) comes first.
  setTimeout(tick, 60_000).unref();
  g.__privacyPurgeTimer = setInterval(tick, everyMs);
  g.__privacyPurgeTimer.unref();
}
