import type { EventData } from '../catalogue/events';
import { definedOnly } from './evolve-projects';
import { type BoardState, type IndicatorState, type LightRules, indicatorKey } from './state';

/** Handlers for the board's reference data: task forces, red flags, indicators, regions, light rules. */

export function formTaskForce(state: BoardState, d: EventData<'TaskForceFormed'>): void {
  state.taskForces[d.taskForceId] = {
    id: d.taskForceId,
    name: d.name,
    industry: d.industry,
    chiefId: d.chiefId,
    leadUnit: d.leadUnit,
  };
}

export function amendTaskForce(state: BoardState, d: EventData<'TaskForceAmended'>): void {
  const taskForce = state.taskForces[d.taskForceId];
  if (taskForce) Object.assign(taskForce, definedOnly(d.changes));
}

/** One flag per month (its own stream); a second award for the same month corrects the first. */
export function awardRedFlag(state: BoardState, d: EventData<'RedFlagAwarded'>): void {
  state.redFlags[d.month] = { taskForceId: d.taskForceId, on: d.on };
}

export function setIndicatorTarget(state: BoardState, d: EventData<'IndicatorTargetSet'>): void {
  const indicator = ensureIndicator(state, d.regionId, d.metric, d.year);
  indicator.target = d.target;
  indicator.unit = d.unit;
  indicator.label = d.label || null;
}

export function reportIndicator(state: BoardState, d: EventData<'IndicatorReported'>): void {
  const indicator = ensureIndicator(state, d.regionId, d.metric, d.year);
  indicator.reports[d.month] = { value: d.value, yoy: d.yoy };
}

/** A report may arrive before its target (different streams): keep it, the row waits for a target. */
function ensureIndicator(state: BoardState, regionId: string, metric: string, year: number): IndicatorState {
  const key = indicatorKey(regionId, metric, year);
  return (state.indicators[key] ??= { regionId, metric, year, target: 0, unit: '', label: null, reports: {} });
}

export function defineRegion(state: BoardState, d: EventData<'RegionDefined'>): void {
  state.regions[d.regionId] = { id: d.regionId, name: d.name, kind: d.kind, parentId: d.parentId ?? null };
}

/**
 * Versions stay sorted by (effectiveFrom, version) so "the rules in force on a day" is a scan from
 * the end. Re-adopting a version number replaces it (a correction, not a second rule set).
 */
export function adoptLightRules(state: BoardState, d: EventData<'LightRulesAdopted'>): void {
  const rules: LightRules = {
    version: d.version,
    effectiveFrom: d.effectiveFrom,
    yellowLagPoints: d.yellowLagPoints,
    redLagPoints: d.redLagPoints,
    redStartSlipMonths: d.redStartSlipMonths,
  };
  const kept = state.lightRules.filter((r) => r.version !== rules.version);
  let at = kept.length;
  while (at > 0 && comesAfter(kept[at - 1], rules)) at -= 1;
  kept.splice(at, 0, rules);
  state.lightRules = kept;
}

function comesAfter(a: LightRules, b: LightRules): boolean {
  return a.effectiveFrom > b.effectiveFrom || (a.effectiveFrom === b.effectiveFrom && a.version > b.version);
}
