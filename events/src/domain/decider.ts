import type { DomainEvent } from '../catalogue/events';

/** What every command carries besides its data: "today" comes in, never from a clock. */
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

/** The state of a stream: its events folded from the decider's initial state. */
export function foldState<S>(decider: Pick<Decider<S, Command>, 'initialState' | 'evolve'>, events: readonly DomainEvent[]): S {
  return events.reduce(decider.evolve, decider.initialState());
}
