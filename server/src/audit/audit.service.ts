import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { VerifyReport } from '@battlemap/events';
import { BoardService } from '../board/board.service';
import { CommandService } from '../commands/command.service';
import { EventStore } from '../store/event-store.port';
import { EVENT_STORE } from '../store/store.tokens';
import { AuditSealer } from './audit-sealer';
import { AuditTrail } from './audit-trail';
import { AUDIT_SETUP } from './audit.tokens';
import { ChainVerifier } from './chain-verifier';
import { AuditSetup } from './open-audit';

const VERIFY_BATCH = 5000;

/** The audit trail (global chain and checkpoint), the monthly sealer, and verification against both. */
@Injectable()
export class AuditService implements OnApplicationShutdown {
  private readonly logger = new Logger('Audit');
  /** Add it to the live board before the board starts (main.ts). */
  readonly trail: AuditTrail;
  /** Start it once the live board has caught up (main.ts). */
  readonly sealer: AuditSealer;

  constructor(
    @Inject(AUDIT_SETUP) private readonly setup: AuditSetup,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    boards: BoardService,
    commands: CommandService,
  ) {
    const { key, file, checkpoint, storeHead } = setup;
    this.trail = new AuditTrail(key, {
      file,
      checkpoint,
      storeHead,
      onError: (error) => this.logger.warn(`cannot write the audit checkpoint: ${error.message}`),
    });
    this.sealer = new AuditSealer(this.trail, () => boards.live.state, commands, {
      onError: (error) => this.logger.warn(`cannot seal a month: ${error.message}`),
    });
  }

  /** Lines for main.ts to print at start: the key's fingerprint, the checkpoint, warnings. */
  notes(): string[] {
    return [...this.setup.notes, ...this.trail.notes];
  }

  /** The whole store checked against the key, the checkpoint as the live trail holds it now, and the seals. */
  async verify(): Promise<VerifyReport> {
    const verifier = new ChainVerifier(this.setup.key, this.trail.snapshot());
    let after: string | undefined;
    for (;;) {
      const batch = await this.store.readAll({ after, limit: VERIFY_BATCH });
      batch.forEach((event) => verifier.add(event));
      if (batch.length < VERIFY_BATCH) break;
      after = batch[batch.length - 1].position;
    }
    return verifier.report();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sealer.stop();
    await this.trail.settled();
    this.trail.flush();
  }
}
