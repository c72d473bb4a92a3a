/** One login attempt that holds a slot until it is settled. */
export interface LoginAttempt {
  succeeded(): void;
  failed(): void;
}

/**
 * Counts failed logins per client address in a sliding window. Attempts still being checked hold a
 * slot too, so a burst of parallel guesses cannot slip past the limit while scrypt runs. A refused
 * (429) attempt does not count: someone who typed a wrong password ten times can try again a minute
 * later, however long a script keeps hammering from elsewhere on the same address.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly clock: () => number,
    private readonly maxFailures = 10,
    private readonly windowMs = 60_000,
  ) {}

  /** Null when the address is blocked; otherwise settle the attempt exactly once. */
  attempt(address: string): LoginAttempt | null {
    const pending = this.inFlight.get(address) ?? 0;
    if (this.recent(address).length + pending >= this.maxFailures) return null;
    this.inFlight.set(address, pending + 1);
    let settled = false;
    const settle = (failed: boolean) => {
      if (settled) return;
      settled = true;
      const left = (this.inFlight.get(address) ?? 1) - 1;
      if (left > 0) this.inFlight.set(address, left);
      else this.inFlight.delete(address);
      if (failed) this.recordFailure(address);
    };
    return { succeeded: () => settle(false), failed: () => settle(true) };
  }

  /** Forgets the failures of one key (a username whose password an admin just reset). */
  forget(key: string): void {
    this.failures.delete(key);
  }

  private recordFailure(address: string): void {
    const recent = this.recent(address);
    recent.push(this.clock());
    this.failures.set(address, recent);
    // Bound the memory a scan from many addresses can take.
    if (this.failures.size > 10_000) this.sweep();
  }

  private recent(address: string): number[] {
    const since = this.clock() - this.windowMs;
    const recent = (this.failures.get(address) ?? []).filter((t) => t > since);
    if (recent.length === 0) this.failures.delete(address);
    else this.failures.set(address, recent);
    return recent;
  }

  private sweep(): void {
    for (const address of [...this.failures.keys()]) this.recent(address);
  }
}
