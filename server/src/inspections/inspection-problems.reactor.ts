import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import {
  type Actor,
  type EventData,
  type ProblemCommand,
  RejectedError,
  problemDecider,
  projectDecider,
  streams,
  toDomainEvent,
} from '@battlemap/events';
import { handleCommand } from '../commands/command-handler';
import { loadState } from '../commands/load-state';
import { EventStore, RecordedEvent, Subscription } from '../store/event-store.port';
import { EVENT_STORE } from '../store/store.tokens';

interface Pending {
  inspection: RecordedEvent;
  index: number;
}

/**
 * Opens a problem stream for every problem an inspection recorded. Ids are deterministic (problem id
 * from the inspection id, event ids from an idempotency key), so a crash between the inspection and
 * its problems neither loses nor doubles one: on restart the catch-up finds what is still missing.
 */
@Injectable()
export class InspectionProblemsReactor implements OnApplicationShutdown {
  private readonly logger = new Logger('InspectionProblemsReactor');
  private readonly pending = new Map<string, Pending>();
  private subscription?: Subscription;
  private live = false;
  private draining: Promise<void> = Promise.resolve();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  start(): void {
    this.subscription = this.store.subscribeAll(
      { filter: { eventTypes: ['InspectionRecorded', 'ProblemRaised'] } },
      {
        onEvent: (event) => this.apply(event),
        onCaughtUp: () => {
          this.live = true;
          this.drain();
        },
        onError: (error) => this.logger.warn(`subscription error, resubscribing: ${error.message}`),
      },
    );
  }

  /**
   * Opens an inspection's problems now, in the caller's async context (so in its unit of work), instead of
   * when the subscription sees the inspection committed: for a batch (the demo) that decides what comes
   * next on them. The subscription's later pass finds them open and does nothing.
   */
  async openProblemsOf(inspectionStream: string): Promise<void> {
    const [inspection] = (await this.store.readStream(inspectionStream, { limit: 1 })).events;
    if (inspection?.type !== 'InspectionRecorded') return;
    const data = toDomainEvent(inspection).data as EventData<'InspectionRecorded'>;
    for (let index = 0; index < data.problems.length; index++) await this.open({ inspection, index });
  }

  /** Resolves once every problem seen so far has its stream. */
  settled(): Promise<void> {
    return this.draining;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.close();
    await this.draining;
  }

  private apply(event: RecordedEvent): void {
    if (event.type === 'ProblemRaised') {
      this.pending.delete((event.data as { problemId: string }).problemId);
      return;
    }
    const data = toDomainEvent(event).data as EventData<'InspectionRecorded'>;
    data.problems.forEach((problem, index) => this.pending.set(problem.problemId, { inspection: event, index }));
    if (this.live) this.drain();
  }

  private drain(): void {
    this.draining = this.draining.then(async () => {
      for (const [problemId, item] of [...this.pending]) {
        try {
          await this.open(item);
          this.pending.delete(problemId);
        } catch (error) {
          this.logger.error(`could not open problem ${problemId}: ${(error as Error).message}`);
        }
      }
    });
  }

  private async open({ inspection, index }: Pending): Promise<void> {
    const data = toDomainEvent(inspection).data as EventData<'InspectionRecorded'>;
    const spec = data.problems[index];
    const { state: project } = await loadState(this.store, streams.project(data.projectId), projectDecider);
    const scope = project.status === 'none' ? {} : { regionId: project.regionId, taskForceId: project.taskForceId };
    const command: ProblemCommand = {
      type: 'RaiseProblem',
      data: { ...spec, projectId: data.projectId, ...scope, raisedOn: data.on, inspectionId: data.inspectionId },
      meta: { today: data.on },
    };
    try {
      await handleCommand(this.store, streams.problem(spec.problemId), problemDecider, command, {
        actor: inspection.meta.actor as unknown as Actor,
        correlationId: inspection.meta.correlationId as string,
        causationId: inspection.id,
        idempotencyKey: `inspection-problem:${inspection.id}:${index}`,
        occurredOn: data.on,
      });
    } catch (error) {
      // Opened already (by another node, or before a crash): nothing to do.
      if (!(error instanceof RejectedError && error.code === 'problem_exists')) throw error;
    }
  }
}
