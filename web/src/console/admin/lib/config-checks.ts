import {
  foldState,
  indicatorDecider,
  indicatorKey,
  lightRulesDecider,
  redFlagDecider,
  taskForceDecider,
  type BoardState,
  type DomainEvent,
  type EventEnvelope,
  type IndicatorAggregate,
  type LightRulesCommand,
  type RedFlagAggregate,
  type TaskForceAggregate,
  type TaskForceCommand,
} from '@battlemap/events';
import { refusal } from '../../lib/decider-check';
import { today } from '../../lib/form-values';

/**
 * The server's deciders for the reference data, run in the browser before anything is sent. Their
 * stream states are read off the live board (a month's red flag, a task force, an indicator's target),
 * or folded from the loaded stream (the light rules); the server still decides on the latest state.
 */

const meta = () => ({ today: today() });

export function taskForceRefusal(
  state: BoardState,
  command: TaskForceCommand['type'],
  id: string,
  data: Record<string, unknown>,
): string | null {
  const known = state.taskForces[id];
  const aggregate: TaskForceAggregate = known ? { status: 'formed', id, name: known.name } : { status: 'none' };
  const body = command === 'FormTaskForce' ? { taskForceId: id, ...data } : data;
  return refusal(() => taskForceDecider.decide({ type: command, data: body, meta: meta() } as TaskForceCommand, aggregate));
}

export function redFlagRefusal(state: BoardState, taskForceId: string, data: { month: string; on?: string }): string | null {
  const held = state.redFlags[data.month];
  const aggregate: RedFlagAggregate = held ? { status: 'awarded', taskForceId: held.taskForceId } : { status: 'none' };
  const command = { type: 'AwardRedFlag' as const, data: { taskForceId, month: data.month, on: data.on ?? today() }, meta: meta() };
  return refusal(() => redFlagDecider.decide(command, aggregate));
}

export interface IndicatorRef {
  regionId: string;
  metric: string;
  year: number;
}

export function indicatorReportRefusal(
  state: BoardState,
  ref: IndicatorRef,
  data: { month: string; value: number; yoy: number | null },
): string | null {
  const indicator = state.indicators[indicatorKey(ref.regionId, ref.metric, ref.year)];
  // A target always carries its unit; a report that came first leaves the unit empty.
  const aggregate: IndicatorAggregate =
    indicator && indicator.unit !== '' ? { status: 'targeted', year: indicator.year, target: indicator.target } : { status: 'none' };
  const command = { type: 'ReportIndicator' as const, data: { ...ref, ...data }, meta: meta() };
  return refusal(() => indicatorDecider.decide(command, aggregate));
}

export function lightRulesRefusal(events: EventEnvelope[], data: LightRulesCommand['data']): string | null {
  const aggregate = foldState(lightRulesDecider, events as unknown as DomainEvent[]);
  return refusal(() => lightRulesDecider.decide({ type: 'AdoptLightRules', data, meta: meta() }, aggregate));
}
