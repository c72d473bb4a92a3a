import type { DomainEvent, EventData, EventOf } from '../catalogue/events';
import type { Command, Decider } from './decider';
import { rejected } from './errors';

/** Light rules (config-light-rules): versioned, each version effective from a date, never rewritten. */
export type LightRulesAggregate = { version: number; lastEffectiveFrom: string | null };
export type LightRulesCommand = Command<'AdoptLightRules', Omit<EventData<'LightRulesAdopted'>, 'version'>>;

export const lightRulesDecider: Decider<LightRulesAggregate, LightRulesCommand, EventOf<'LightRulesAdopted'>> = {
  initialState: () => ({ version: 0, lastEffectiveFrom: null }),
  evolve: (state: LightRulesAggregate, event: DomainEvent) =>
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
