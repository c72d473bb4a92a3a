import { type VerifyReport, problemDecider, streams } from '@battlemap/events';
import { CommandService } from '../commands/command.service';
import { eventHash } from '../commands/hash-chain';
import { RecordedEvent } from '../store/event-store.port';
import { SqliteEventStore } from '../store/sqlite-event-store';
import { AuditKey, parseAuditKey } from './audit-key';
import { ChainVerifier } from './chain-verifier';
import { Checkpoint, GlobalChain } from './global-chain';
import { SigningEventStore } from './signing-event-store';

export const TEST_KEY = parseAuditKey('5a'.repeat(32), 'the test key');
const actor = { id: 'li', name: '李明', role: 'supervisor' as const };

/** A signing store in memory with a clock the test moves, and the commands that write problems into it. */
export class AuditWorld {
  now = Date.UTC(2026, 3, 10, 2); // 2026-04-10 10:00 China time
  readonly raw = new SqliteEventStore(':memory:', () => this.now);
  readonly store = new SigningEventStore(this.raw, TEST_KEY);
  readonly commands = new CommandService(this.store, () => this.now);

  at(iso: string): this {
    this.now = Date.parse(iso);
    return this;
  }

  async raise(problemId: string, on = '2026-04-01'): Promise<void> {
    const data = {
      problemId,
      regionId: 'cangxi',
      category: 'land' as const,
      description: '用地',
      deadline: '2026-12-31',
      severity: 'normal' as const,
      raisedOn: on,
    };
    await this.commands.execute(streams.problem(problemId), problemDecider, { type: 'RaiseProblem', data }, { actor });
  }

  async assign(problemId: string, unit: string, on = '2026-04-02'): Promise<void> {
    await this.commands.execute(streams.problem(problemId), problemDecider, { type: 'AssignProblem', data: { unit, on } }, { actor });
  }

  events(): Promise<RecordedEvent[]> {
    return this.raw.readAll();
  }
}

/** The checkpoint a live trail would hold after these events. */
export function checkpointOf(events: RecordedEvent[], key: AuditKey = TEST_KEY): Checkpoint {
  const chain = GlobalChain.start(key, null);
  events.forEach((event) => chain.apply(event));
  return chain.snapshot();
}

export function verify(events: RecordedEvent[], checkpoint: Checkpoint | null = null, key: AuditKey = TEST_KEY): VerifyReport {
  const verifier = new ChainVerifier(key, checkpoint);
  events.forEach((event) => verifier.add(event));
  return verifier.report();
}

/**
 * What someone who can edit the store but not read the key can do: change one event's data and
 * recompute the hashes of its stream from there on (the MACs stay as they were).
 */
export function rehash(events: RecordedEvent[], stream: string, revision: number, change: (data: object) => object): RecordedEvent[] {
  let prevHash: string | null = null;
  return events.map((event) => {
    if (event.stream !== stream || event.revision < revision) return event;
    const meta = { ...event.meta, ...(prevHash !== null && { prevHash }) };
    const data = event.revision === revision ? change(event.data as object) : event.data;
    const hash = eventHash({ ...event, data, meta }, meta.prevHash as string);
    prevHash = hash;
    return { ...event, data, meta: { ...meta, hash } };
  });
}
