import type { DomainEvent } from '../catalogue/events';
import type { Command, Decider } from '../domain/decider';

/**
 * Given / When / Then for deciders: given([events]).when(command).then([events]) or .thenThrows(...).
 * No Nest, no store.
 */
export function specFor<S, C extends Command>(decider: Decider<S, C>) {
  return {
    given(events: DomainEvent[]) {
      const state = events.reduce(decider.evolve, decider.initialState());
      return {
        when(command: C) {
          const run = () => decider.decide(command, state);
          return {
            then(expected: DomainEvent[]) {
              expect(run()).toEqual(expected);
            },
            thenThrows(status: number, code?: string) {
              let error: unknown;
              try {
                run();
              } catch (e) {
                error = e;
              }
              expect(error).toMatchObject(code ? { status, code } : { status });
            },
          };
        },
      };
    },
  };
}
