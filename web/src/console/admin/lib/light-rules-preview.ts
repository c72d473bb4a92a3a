import {
  evolveBoard,
  projectLight,
  streams,
  type Actor,
  type BoardState,
  type EventEnvelope,
  type Light,
  type LightRules,
} from '@battlemap/events';

/** What the admin fills in: a rule set without its version (the decider numbers it). */
export type RuleValues = Omit<LightRules, 'version'>;

interface LightChange {
  projectId: string;
  name: string;
  regionName: string;
  from: Light;
  to: Light;
  /** The first reason for the new colour; null when it turns green. */
  reason: string | null;
}

export interface LightRulesPreview {
  /** The rules previewed, with the version they would get. */
  rules: LightRules;
  /** The day both colourings are judged on: today, or the effective date when that is later. */
  day: string;
  /** Live (not terminated) projects judged. */
  judged: number;
  changes: LightChange[];
  /** How many projects move between each pair of colours; only pairs that occur, reds first. */
  moves: { from: Light; to: Light; count: number }[];
}

const ORDER: Light[] = ['red', 'yellow', 'green'];

/**
 * What adopting `values` would do to the board: the LightRulesAdopted event the server would append is
 * folded into a copy of the live board with the same evolveBoard, and every live project's light is
 * judged with and without it on the same day. Nothing is sent; the live board is not touched.
 */
export function previewLightRules(state: BoardState, values: RuleValues, today: string, actor: Actor): LightRulesPreview {
  const version = state.lightRules.reduce((max, r) => Math.max(max, r.version), 0) + 1;
  const rules: LightRules = { version, ...values };
  // A future effective date changes nothing today: compare on that day instead, with today's facts.
  const day = values.effectiveFrom > today ? values.effectiveFrom : today;
  const adopted = evolveBoard(structuredClone(state), adoption(state, rules, actor));

  const changes: LightChange[] = [];
  let judged = 0;
  for (const project of Object.values(state.projects)) {
    if (project.terminated) continue;
    judged++;
    const before = projectLight(project, state, day);
    const after = projectLight(adopted.projects[project.id], adopted, day);
    if (before.light === after.light) continue;
    changes.push({
      projectId: project.id,
      name: project.name,
      regionName: state.regions[project.regionId]?.name ?? project.regionId,
      from: before.light,
      to: after.light,
      reason: after.reasons[0] ?? null,
    });
  }
  changes.sort((a, b) => ORDER.indexOf(a.to) - ORDER.indexOf(b.to) || a.name.localeCompare(b.name, 'zh-CN'));
  return { rules, day, judged, changes, moves: movesOf(changes) };
}

function movesOf(changes: LightChange[]): LightRulesPreview['moves'] {
  const moves: LightRulesPreview['moves'] = [];
  for (const from of ORDER) {
    for (const to of ORDER) {
      const count = changes.filter((c) => c.from === from && c.to === to).length;
      if (count > 0) moves.push({ from, to, count });
    }
  }
  return moves;
}

/** The event as the server would record it, one position past the board. */
function adoption(state: BoardState, rules: LightRules, actor: Actor): EventEnvelope {
  return {
    id: 'preview',
    stream: streams.lightRules(),
    revision: rules.version - 1,
    position: String(BigInt(state.position ?? '0') + 1n),
    type: 'LightRulesAdopted',
    data: rules,
    meta: {
      actor,
      recordedAt: Date.now(),
      occurredOn: rules.effectiveFrom,
      correlationId: 'preview',
      schema: 1,
      prevHash: '',
      hash: '',
    },
  };
}

/** A rule set in words, as DOMAIN.md states the defaults. */
export function describeRules(rules: RuleValues): { yellow: string; red: string } {
  return {
    yellow: `未在计划月份开工，或年度投资落后序时进度 ${rules.yellowLagPoints}–${rules.redLagPoints} 个百分点`,
    red: `开工滞后 ${rules.redStartSlipMonths} 个月及以上，或落后序时进度超过 ${rules.redLagPoints} 个百分点，或问题超期、列为问题项目`,
  };
}
