import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveBoard } from '../board/live-board';
import { CommandService } from '../commands/command.service';
import { SqliteEventStore } from '../store/sqlite-event-store';
import { AuthService } from './auth.service';
import { SYSTEM_ACTOR } from './authenticated-actor';
import { CredentialStore } from './credential-store';

/** A real SQLite event store (accounts and credentials in it) in a temporary folder, with a clock the test moves. */
export interface AuthWorld {
  dir: string;
  store: SqliteEventStore;
  credentials: CredentialStore;
  auth: AuthService;
  errors: Error[];
  clock: { now: number; advance(ms: number): void };
  /** Creates an account as the system actor and waits until the projection shows it. */
  given(username: string, role: 'admin' | 'supervisor' | 'auditor' | 'screen', password?: string): Promise<void>;
  dispose(): Promise<void>;
}

export async function openAuthWorld(store?: (path: string) => SqliteEventStore): Promise<AuthWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'battlemap-auth-'));
  const clock = {
    now: Date.UTC(2026, 2, 2, 1, 0, 0),
    advance(ms: number) {
      this.now += ms;
    },
  };
  const now = () => clock.now;
  const events = store ? store(join(dir, 'events.db')) : new SqliteEventStore(join(dir, 'events.db'));
  const errors: Error[] = [];
  const commands = new CommandService(events, now);
  const auth = new AuthService(commands, { clock: now, onError: (e) => errors.push(e) });
  // As in main.ts: the accounts and the Idempotency-Key index fold from the live board's subscription.
  const board = new LiveBoard(events);
  board.alsoApply(commands.idempotency);
  board.alsoApply(auth.accounts);
  board.onError = (e) => errors.push(e);
  board.start();
  await auth.ready();
  return {
    dir,
    store: events,
    credentials: auth.credentials,
    auth,
    errors,
    clock,
    async given(username, role, password) {
      const body = { username, displayName: `${username} 同志`, role, scopes: { taskForces: [], regions: [] } };
      if (password) await auth.createAccount(SYSTEM_ACTOR, { ...body, password });
      else await auth.createTokenOnlyAccount(SYSTEM_ACTOR, body);
    },
    async dispose() {
      auth.onModuleDestroy();
      await board.stop();
      await events.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
