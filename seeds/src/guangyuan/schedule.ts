/**
 * A project's dates as they stand when the demo history begins (1 January of `baseYear`): the
 * day it reached its current stage, some day of the year before, and its planned start and
 * completion months, which the lights (红黄绿灯) are judged against.
 */
import type { Stage } from '@battlemap/events';
import type { Random } from '../random';

export interface Schedule {
  stageOn: string;
  plannedStart?: string;
  plannedCompletion?: string;
}

/** Months since year 0, so that month arithmetic is plain integer arithmetic. */
const monthIndex = (year: number, month: number) => year * 12 + (month - 1);
const pad = (n: number) => String(n).padStart(2, '0');
const formatMonth = (index: number) => `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;

/** Bigger projects take longer to build. */
function buildMonths(rng: Random, totalInvestment: number): number {
  if (totalInvestment < 20_000) return rng.int(8, 14);
  if (totalInvestment < 100_000) return rng.int(12, 24);
  if (totalInvestment < 500_000) return rng.int(18, 30);
  return rng.int(24, 42);
}

export function scheduleFor(rng: Random, stage: Stage, baseYear: number, totalInvestment: number): Schedule {
  const prevYear = baseYear - 1;
  const month = stage === 'operating' ? rng.int(1, 10) : stage === 'negotiating' ? rng.int(3, 12) : rng.int(1, 12);
  const stageOn = `${prevYear}-${pad(month)}-${pad(rng.int(1, 28))}`;
  const stageMonth = monthIndex(prevYear, month);
  const duration = buildMonths(rng, totalInvestment);

  switch (stage) {
    case 'negotiating':
      return { stageOn };
    case 'signed': {
      // Most are planned to start in the demo year; a few should already have started (slipping).
      const start = rng.chance(0.15) && month < 12 ? monthIndex(prevYear, rng.int(month + 1, 12)) : monthIndex(baseYear, rng.int(1, 10));
      return { stageOn, plannedStart: formatMonth(start), plannedCompletion: formatMonth(start + duration) };
    }
    case 'started': {
      const r = rng.float();
      const start = stageMonth - (r < 0.6 ? 0 : r < 0.85 ? 1 : 2);
      // Work under way at the start of the history finishes within it or after it.
      const completion = Math.max(start + duration, monthIndex(baseYear, rng.int(3, 9)));
      return { stageOn, plannedStart: formatMonth(start), plannedCompletion: formatMonth(completion) };
    }
    case 'completed': {
      const completion = stageMonth + rng.int(-2, 1);
      return { stageOn, plannedStart: formatMonth(completion - duration), plannedCompletion: formatMonth(completion) };
    }
    case 'operating': {
      const completion = stageMonth - rng.int(1, 4);
      return { stageOn, plannedStart: formatMonth(completion - duration), plannedCompletion: formatMonth(completion) };
    }
    default: {
      const unknown: never = stage;
      throw new Error(`unknown stage ${String(unknown)}`);
    }
  }
}
