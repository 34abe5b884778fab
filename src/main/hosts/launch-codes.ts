import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface LaunchCodeOptions {
  /** How long a code stays usable; one minute by default (long enough for a browser to start). */
  ttlMs?: number;
  /** How many unused codes may be outstanding; the oldest is dropped beyond it. */
  maxOutstanding?: number;
  now?: () => number;
}

/**
 * One-time codes for the link a browser is opened with (`serve --open`). A browser's command
 * line is readable by every local account (`ps`), so it must not carry the session token; it
 * carries a code instead, which the page trades for the token over its first socket. A code
 * works once, for a minute, and is compared in constant time; a stolen one is spent, so the
 * person's own tab then fails visibly instead of silently sharing the session.
 */
export class LaunchCodes {
  private readonly codes: { digest: Buffer; expiresAt: number }[] = [];
  private readonly ttlMs: number;
  private readonly maxOutstanding: number;
  private readonly now: () => number;

  constructor(options: LaunchCodeOptions = {}) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.maxOutstanding = options.maxOutstanding ?? 8;
    this.now = options.now ?? Date.now;
  }

  issue(): string {
    const code = randomBytes(24).toString('base64url');
    this.prune();
    this.codes.push({ digest: digest(code), expiresAt: this.now() + this.ttlMs });
    while (this.codes.length > this.maxOutstanding) this.codes.shift();
    return code;
  }

  /** True (and the code is spent) when `candidate` is an outstanding, unexpired code. */
  redeem(candidate: string): boolean {
    this.prune();
    // Digests have one length whatever was sent, so timingSafeEqual never throws and every
    // outstanding code is compared: the time taken says nothing about how close a guess was.
    const given = digest(candidate);
    let match = -1;
    this.codes.forEach((entry, i) => {
      if (timingSafeEqual(entry.digest, given) && match === -1) match = i;
    });
    if (match === -1) return false;
    this.codes.splice(match, 1);
    return true;
  }

  /** Unused, unexpired codes (for tests and diagnostics; never the codes themselves). */
  get outstanding(): number {
    this.prune();
    return this.codes.length;
  }

  private prune(): void {
    const now = this.now();
    for (let i = this.codes.length - 1; i >= 0; i--) if (this.codes[i].expiresAt <= now) this.codes.splice(i, 1);
  }
}

function digest(code: string): Buffer {
  return createHash('sha256').update(code, 'utf8').digest();
}
