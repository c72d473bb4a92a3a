import type { Light } from '../board-view';
import type { DomainEvent, EventData, EventOf } from '../catalogue/events';
import type { Command, Decider } from './decider';
import { rejected } from './errors';

/**
 * The light watcher's stream (light-<projectId>): the light a project was last recorded with. The
 * watcher judges every project's light on each tick and records a change only when it differs, so a
 * light turning red by the calendar (a planned start month passing) is recorded as much as one turned
 * by an event. The decider refuses an unchanged light, so a second node recording the same change adds
 * nothing.
 */
export interface LightWatchState {
  light: Light | null;
}

export type LightWatchCommand = Command<'RecordProjectLight', Omit<EventData<'ProjectLightChanged'>, 'from'>>;

export const lightWatchDecider: Decider<LightWatchState, LightWatchCommand, EventOf<'ProjectLightChanged'>> = {
  initialState: () => ({ light: null }),
  evolve: (state: LightWatchState, event: DomainEvent) => (event.type === 'ProjectLightChanged' ? { light: event.data.to } : state),
  decide(command, state) {
    if (state.light === command.data.to) throw rejected('light_unchanged', `项目灯色仍为${command.data.to}`);
    return [{ type: 'ProjectLightChanged', data: { ...command.data, from: state.light } }];
  },
};
