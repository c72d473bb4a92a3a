import type { ApiClient } from '../../lib/api';

export interface IssuedToken {
  username: string;
  token: string;
  /** ISO 8601. */
  expiresAt: string;
}

/**
 * Issues a screen's token (POST /api/accounts/:username/screen-token). The token lives only here, in
 * memory, while the page is open: the server keeps only its hash, so it is shown once and never again.
 * Optionally every earlier token is withdrawn first, by setting a new random password (which ends all
 * the account's sessions and tokens), so an address that leaked stops working.
 */
export class ScreenTokenIssue {
  inFlight = $state(false);
  issued = $state.raw<IssuedToken | null>(null);
  problem = $state<string | null>(null);

  #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  async issue(username: string, withdrawEarlier: { password: string } | null = null): Promise<IssuedToken | null> {
    if (this.inFlight) return null;
    this.inFlight = true;
    this.problem = null;
    this.issued = null;
    const path = `/api/accounts/${encodeURIComponent(username)}`;
    try {
      if (withdrawEarlier) {
        const reset = await this.#api.request('POST', `${path}/password`, { password: withdrawEarlier.password });
        if (!reset.ok) {
          this.problem = reset.error.message;
          return null;
        }
      }
      const answer = await this.#api.request<{ token: string; expiresAt: string }>('POST', `${path}/screen-token`, {});
      if (!answer.ok) {
        this.problem = answer.error.message;
        return null;
      }
      this.issued = { username, ...answer.body };
      return this.issued;
    } finally {
      this.inFlight = false;
    }
  }

  forget(): void {
    this.issued = null;
    this.problem = null;
  }
}
