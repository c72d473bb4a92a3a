import { TooManyRequestsError } from '@battlemap/events';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** Requests a minute, per node (each node counts its own; a load balancer spreads the budget). */
export interface RateLimitConfig {
  /** Commands (any write) per signed-in account. */
  commandsPerAccount: number;
  /** Writes per client address, signed in or not (logins included). */
  writesPerAddress: number;
  /** Expensive reads (replays, the whole log, verification, exports) per account. */
  expensivePerAccount: number;
}

// Generous for people (a month-end 月度填报 of 700 rows is one account's burst), tight for a runaway script.
export const DEFAULT_RATE_LIMITS: RateLimitConfig = { commandsPerAccount: 1200, writesPerAddress: 3000, expensivePerAccount: 30 };

export type LimitKind = 'write' | 'expensive';

/** Who spends a budget: the signed-in account, if any, and the client's address. */
export interface Caller {
  account?: string;
  address: string;
}

/**
 * The budgets a caller spends: a runaway script on one account, or a flood from one address, is told
 * to wait (429 with Retry-After) while everyone else goes on. Login failures have their own, stricter
 * counters (AuthService), per address and per username.
 */
export class RateLimits {
  private readonly perAccount: Record<LimitKind, RateLimiterMemory>;
  private readonly writesPerAddress: RateLimiterMemory;

  constructor(readonly config: RateLimitConfig) {
    this.perAccount = {
      write: new RateLimiterMemory({ keyPrefix: 'write', points: config.commandsPerAccount, duration: 60 }),
      expensive: new RateLimiterMemory({ keyPrefix: 'expensive', points: config.expensivePerAccount, duration: 60 }),
    };
    this.writesPerAddress = new RateLimiterMemory({ keyPrefix: 'address', points: config.writesPerAddress, duration: 60 });
  }

  /** Spends one unit of the caller's budget; throws a 429 (with the seconds to wait) when it is spent. */
  async spend(kind: LimitKind, who: Caller): Promise<void> {
    try {
      if (kind === 'write') await this.writesPerAddress.consume(who.address);
      if (who.account !== undefined) await this.perAccount[kind].consume(who.account);
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      throw tooMany(kind, refusal);
    }
  }
}

/** A 429 that says what was limited and how long to wait; `retryAfter` becomes the Retry-After header. */
class RateLimitedError extends TooManyRequestsError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('too_many_requests', message);
  }
}

function tooMany(kind: LimitKind, refusal: RateLimiterRes): RateLimitedError {
  const seconds = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
  const what = kind === 'write' ? '提交操作' : '回放、导出或核验';
  return new RateLimitedError(`${what}过于频繁，请 ${seconds} 秒后再试`, seconds);
}
