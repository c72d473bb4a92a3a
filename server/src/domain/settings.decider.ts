import { DomainEvent, EventData, EventOf } from '@battlemap/events';
import { Command, Decider } from './decider';
import { rejected } from './errors';

/** Regions (region-<id>): defined once, renamed by defining again. */
export type RegionState = { status: 'none' } | { status: 'defined' };
export type RegionCommand = Command<'DefineRegion', EventData<'RegionDefined'>>;

export const regionDecider: Decider<RegionState, RegionCommand, EventOf<'RegionDefined'>> = {
  initialState: () => ({ status: 'none' }),
  evolve: (state: RegionState, event: DomainEvent) => (event.type === 'RegionDefined' ? { status: 'defined' } : state),
  decide: (command) => [{ type: 'RegionDefined', data: command.data }],
};

/** Light rules (config-light-rules): versioned, each version effective from a date, never rewritten. */
export type LightRulesState = { version: number; lastEffectiveFrom: string | null };
export type LightRulesCommand = Command<'AdoptLightRules', Omit<EventData<'LightRulesAdopted'>, 'version'>>;

export const lightRulesDecider: Decider<LightRulesState, LightRulesCommand, EventOf<'LightRulesAdopted'>> = {
  initialState: () => ({ version: 0, lastEffectiveFrom: null }),
  evolve: (state: LightRulesState, event: DomainEvent) =>
    event.type === 'LightRulesAdopted' ? { version: event.data.version, lastEffectiveFrom: event.data.effectiveFrom } : state,
  decide: (command, state) => {
    const { effectiveFrom, yellowLagPoints, redLagPoints } = command.data;
    if (redLagPoints <= yellowLagPoints) throw rejected('invalid_rules', '红灯滞后点数应大于黄灯滞后点数');
    if (state.lastEffectiveFrom && effectiveFrom < state.lastEffectiveFrom) {
      throw rejected('rules_backdated', `新规则的生效日期不能早于现行规则（${state.lastEffectiveFrom}）`);
    }
    return [{ type: 'LightRulesAdopted', data: { version: state.version + 1, ...command.data } }];
  },
};
