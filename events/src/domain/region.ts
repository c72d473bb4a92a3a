import type { DomainEvent, EventData, EventOf } from '../catalogue/events';
import type { Command, Decider } from './decider';

/** Regions (region-<id>): defined once, renamed by defining again. */
export type RegionAggregate = { status: 'none' } | { status: 'defined' };
export type RegionCommand = Command<'DefineRegion', EventData<'RegionDefined'>>;

export const regionDecider: Decider<RegionAggregate, RegionCommand, EventOf<'RegionDefined'>> = {
  initialState: () => ({ status: 'none' }),
  evolve: (state: RegionAggregate, event: DomainEvent) => (event.type === 'RegionDefined' ? { status: 'defined' } : state),
  decide: (command) => [{ type: 'RegionDefined', data: command.data }],
};
