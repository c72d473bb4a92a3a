/**
 * The demo history as HTTP commands: each is what a person would send (method, path, body) and
 * when (the business day). The log keeps them in the order the world did them: by day, and within
 * a day by phase (a project is registered before it is inspected, an inspection before the problems
 * it raised move on), and otherwise in the order they were planned.
 */
import type { CommandName } from '@battlemap/events';
import { dayString } from './history-calendar';

export type DemoCommandKind = Exclude<
  CommandName,
  'createAccount' | 'changeAccountRole' | 'changeAccountScopes' | 'disableAccount' | 'login' | 'assignLeader' | 'amendTaskForce'
>;

export interface DemoCommand {
  kind: DemoCommandKind;
  method: 'POST' | 'PATCH';
  /** The HTTP path, e.g. /api/projects/p0001/stage. */
  path: string;
  /** Exactly the request body the HTTP API takes (COMMAND_BODIES[kind]). */
  body: Record<string, unknown>;
  /** Username of the simulated person who sends it. */
  actor: string;
  /** Business day it is sent, YYYY-MM-DD (never after the history's today). */
  on: string;
}

/** Same-day order: the world does these in this order. */
export const PHASE = {
  setup: 0,
  register: 1,
  amend: 2,
  stage: 3,
  stall: 4,
  progress: 5,
  inspection: 6,
  raise: 7,
  problemStep: 8,
  terminate: 9,
  target: 10,
  indicator: 11,
  redFlag: 12,
} as const;

interface Entry {
  day: number;
  phase: number;
  seq: number;
  command: DemoCommand;
}

export class CommandLog {
  private readonly entries: Entry[] = [];

  add(day: number, phase: number, kind: DemoCommandKind, path: string, body: Record<string, unknown>, actor: string): void {
    const method = kind === 'amendProject' ? 'PATCH' : 'POST';
    this.entries.push({ day, phase, seq: this.entries.length, command: { kind, method, path, body, actor, on: dayString(day) } });
  }

  sorted(): DemoCommand[] {
    return [...this.entries].sort((a, b) => a.day - b.day || a.phase - b.phase || a.seq - b.seq).map((e) => e.command);
  }
}
