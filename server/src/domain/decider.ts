import type { DomainEvent } from '@battlemap/events';

/** What every command carries besides its data: "today" and "now" come in, never from a clock. */
export interface CommandMeta {
  /** YYYY-MM-DD, China time. */
  today: string;
}

export interface Command<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  meta: CommandMeta;
}

/** A pure aggregate: decide(command, state) → events; evolve(state, event) → state. */
export interface Decider<State, C extends Command, E extends DomainEvent = DomainEvent> {
  initialState(): State;
  evolve(state: State, event: DomainEvent): State;
  decide(command: C, state: State): E[];
}

export const monthOf = (day: string) => day.slice(0, 7);
