import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { openAudit } from '../audit/open-audit';
import { SigningEventStore } from '../audit/signing-event-store';
import { AuthService } from '../auth/auth.service';
import { SYSTEM_ACTOR } from '../auth/authenticated-actor';
import { LiveBoard } from '../board/live-board';
import { CommandService } from '../commands/command.service';
import { loadConfig } from '../config/config';
import { openStore } from '../store/open-store';

const USAGE = `usage: npm run admin -- reset-password <username>

  Sets a new password for an account, offline (the server may be running or not), and ends every
  session of it on every node. The new password is BATTLEMAP_NEW_PASSWORD when set (at least 12
  characters), otherwise a random one, printed once. Uses the same EVENTSTORE_URL and audit key
  (AUDIT_KEY / AUDIT_KEY_PATH) as the server; recorded as AccountPasswordReset by 系统 (system).`;

/** `npm run admin -- reset-password <user>`: recovers a locked-out admin without a working login. */
async function main(argv: string[]): Promise<number> {
  const [command, username] = argv;
  if (command !== 'reset-password' || !username) {
    console.error(USAGE);
    return 2;
  }
  const password = process.env.BATTLEMAP_NEW_PASSWORD || randomBytes(12).toString('base64url');
  if (password.length < 12) {
    console.error('admin: BATTLEMAP_NEW_PASSWORD must have at least 12 characters');
    return 2;
  }
  const config = loadConfig();
  const opened = await openStore(config.eventStoreUrl);
  const audit = await openAudit(config, opened);
  const store = new SigningEventStore(opened, audit.key);
  const commands = new CommandService(store);
  const auth = new AuthService(commands, { onError: (error) => console.error(`admin: ${error.message}`) });
  // The accounts fold as the server's do: from the store, through the same projection.
  const board = new LiveBoard(store);
  board.alsoApply(commands.idempotency);
  board.alsoApply(auth.accounts);
  board.start();
  try {
    await auth.ready();
    await auth.resetPassword(SYSTEM_ACTOR, username, password);
    console.log(`admin: the password of "${username}" is reset; every session of it has ended.`);
    if (!process.env.BATTLEMAP_NEW_PASSWORD) console.log(`admin: new password (shown once): ${password}`);
    return 0;
  } catch (error) {
    console.error(`admin: cannot reset the password of "${username}": ${(error as Error).message}`);
    return 1;
  } finally {
    auth.onModuleDestroy();
    await board.stop();
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`admin: ${(error as Error).message}`);
    process.exit(1);
  },
);
