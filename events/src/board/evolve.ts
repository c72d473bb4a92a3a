import type { EventEnvelope } from '../envelope';
import { comparePositions } from '../positions';
import { type DomainEvent, assertNever, isEventType } from '../catalogue/events';
import {
  adoptLightRules,
  amendTaskForce,
  awardRedFlag,
  defineRegion,
  formTaskForce,
  reportIndicator,
  setIndicatorTarget,
} from './evolve-config';
import {
  assignProblem,
  closeProblem,
  escalateProblem,
  raiseProblem,
  recordInspection,
  reopenProblem,
  resolveProblem,
} from './evolve-problems';
import {
  advanceStage,
  amendProject,
  assignLeader,
  registerProject,
  reportProgress,
  revitalizeProject,
  stallProject,
  terminateProject,
} from './evolve-projects';
import { narrate } from './narrate';
import { type BoardState, RECENT_LIMIT } from './state';

/**
 * Folds one event into the board.
 *
 * MUTATES and returns `state`: folding 100,000 events must not copy the board 100,000 times. A caller
 * that needs the previous state (a UI store, a test comparing before and after) passes
 * `structuredClone(state)`.
 *
 * Delivery is at least once, so an event at or before the last applied position is skipped. Event
 * types this build does not know still advance the position (a newer server may write them), and the
 * data is trusted: callers validated it before append and `upcast` it on read.
 */
export function evolveBoard(state: BoardState, event: EventEnvelope): BoardState {
  return fold(state, event, true);
}

/**
 * As `evolveBoard`, leaving the event's line out of the feed (`recent`): only for a fold that knows the
 * line would fall out of the feed before anyone reads the state (at least RECENT_LIMIT events that are
 * news, `isNews`, follow first). A long catch-up spends a tenth of its time narrating otherwise.
 */
export function evolveBoardWithoutFeedLine(state: BoardState, event: EventEnvelope): BoardState {
  return fold(state, event, false);
}

function fold(state: BoardState, event: EventEnvelope, narrated: boolean): BoardState {
  if (state.position !== null && !isAfter(event.position, state.position)) return state;
  if (isEventType(event.type)) {
    const domainEvent = { type: event.type, data: event.data } as DomainEvent;
    apply(state, domainEvent);
    const entry = narrated ? narrate(state, domainEvent, event) : null;
    if (entry) {
      state.recent.push(entry);
      if (state.recent.length > RECENT_LIMIT) state.recent.splice(0, state.recent.length - RECENT_LIMIT);
    }
  }
  state.position = event.position;
  return state;
}

function isAfter(position: string, last: string): boolean {
  return comparePositions(position, last) > 0;
}

function apply(state: BoardState, event: DomainEvent): void {
  switch (event.type) {
    case 'ProjectRegistered':
      return registerProject(state, event.data);
    case 'ProjectDetailsAmended':
      return amendProject(state, event.data);
    case 'ProjectStageAdvanced':
      return advanceStage(state, event.data);
    case 'ProgressReported':
      return reportProgress(state, event.data);
    case 'ProjectStalled':
      return stallProject(state, event.data);
    case 'ProjectRevitalized':
      return revitalizeProject(state, event.data);
    case 'ProjectTerminated':
      return terminateProject(state, event.data);
    case 'ProjectLeaderAssigned':
      return assignLeader(state, event.data);
    case 'InspectionRecorded':
      return recordInspection(state, event.data);
    case 'ProblemRaised':
      return raiseProblem(state, event.data);
    case 'ProblemAssigned':
      return assignProblem(state, event.data);
    case 'ProblemEscalated':
      return escalateProblem(state, event.data);
    case 'ProblemResolved':
      return resolveProblem(state, event.data);
    case 'ProblemClosed':
      return closeProblem(state, event.data);
    case 'ProblemReopened':
      return reopenProblem(state, event.data);
    case 'TaskForceFormed':
      return formTaskForce(state, event.data);
    case 'TaskForceAmended':
      return amendTaskForce(state, event.data);
    case 'RedFlagAwarded':
      return awardRedFlag(state, event.data);
    case 'IndicatorTargetSet':
      return setIndicatorTarget(state, event.data);
    case 'IndicatorReported':
      return reportIndicator(state, event.data);
    case 'RegionDefined':
      return defineRegion(state, event.data);
    case 'LightRulesAdopted':
      return adoptLightRules(state, event.data);
    // Accounts are the server's business (auth); nothing on the board depends on them.
    case 'AccountCreated':
    case 'AccountRoleChanged':
    case 'AccountScopesGranted':
    case 'AccountScopesRevoked':
    case 'AccountDisabled':
    case 'AccountPasswordReset':
    case 'ScreenTokenIssued':
    case 'PasswordHashSet':
    case 'TokenIssued':
    case 'TokenRevoked':
    case 'AllTokensRevoked':
      return;
    // A seal vouches for the board; it changes nothing on it.
    case 'AuditSealed':
      return;
    // Recorded judgements of time and lights: the board judges both itself on the day it is asked
    // about; these are for the feed, history and 超时倒查. The outbox is the notifier's business.
    case 'ProblemWentOverdue':
    case 'DeadlineReminderDue':
    case 'ProjectLightChanged':
    case 'NotificationQueued':
    case 'NotificationAttempted':
    case 'NotificationSent':
    case 'NotificationFailed':
      return;
    default:
      return assertNever(event);
  }
}
