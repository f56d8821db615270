import { AppError } from "@/lib/errors";

/**
 * Bounds the password hashing of one process: argon2id takes ~19 MiB and a core
 * for tens of milliseconds per check, so a flood of sign-ins (say, for unknown
 * e-mails, which the throttle counts but still hashes) would otherwise exhaust
 * memory and CPU. At most `running` checks run at once, `waiting` more queue,
 * and anything beyond is refused at once.
 */
export function createHashGate(running: number, waiting: number) {
  let active = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else active--;
  };
  return async function gated<T>(work: () => Promise<T>): Promise<T> {
    if (active >= running) {
      if (queue.length >= waiting) {
        throw new AppError("THROTTLED", "Muitas tentativas de entrada ao mesmo tempo. Tente novamente em instantes.");
      }
      await new Promise<void>((resolve) => queue.push(resolve));
    } else {
      active++;
    }
    try {
      return await work();
    } finally {
      release();
    }
  };
}
