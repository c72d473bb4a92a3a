import { z } from 'zod';
import {
  day,
  entityId,
  escalationLevel,
  eventPosition,
  inspectionKind,
  lightColour,
  lngLat,
  money,
  month,
  notificationKind,
  optionalText,
  plannedDate,
  problemCategory,
  projectKind,
  role,
  scopes,
  severity,
  stage,
  text,
  year,
} from './primitives';

/**
 * The event catalogue: one zod schema per event type, at its current schema version. Older versions
 * are upcast on read (see upcast.ts), so history never has to be rewritten. Never put a secret here.
 */

const projectFields = {
  name: text(120),
  taskForceId: entityId,
  regionId: entityId,
  owner: text(120),
  kind: projectKind,
  totalInvestment: money,
  annualPlanInvestment: money,
  plannedStart: plannedDate.optional(),
  plannedCompletion: plannedDate.optional(),
  location: lngLat,
  leadUnit: optionalText(120),
  leaderId: entityId.optional(),
};

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const problemSpec = z.strictObject({
  problemId: entityId,
  category: problemCategory,
  description: text(2000),
  deadline: day,
  severity,
});

export const EVENT_SCHEMAS = {
  // Projects (stream project-<id>)
  ProjectRegistered: z.object({ projectId: entityId, ...projectFields, stage, stageOn: day }),
  ProjectDetailsAmended: z.object({ projectId: entityId, changes: z.object(projectFields).partial() }),
  ProjectStageAdvanced: z.object({
    projectId: entityId,
    from: stage,
    to: stage,
    on: day,
    note: optionalText(500),
    /** Set when the move was recorded as part of a skipped-stage jump. */
    skipped: z.boolean().optional(),
    /** A 集中开工/集中竣工 batch this move belongs to. */
    batchId: entityId.optional(),
  }),
  ProgressReported: z.object({
    projectId: entityId,
    month,
    investment: money,
    progress: z.number().min(0).max(100),
    milestone: optionalText(60),
    note: optionalText(500),
  }),
  ProjectStalled: z.object({ projectId: entityId, reason: text(500), on: day }),
  ProjectRevitalized: z.object({ projectId: entityId, how: text(500), on: day }),
  ProjectTerminated: z.object({ projectId: entityId, reason: text(500), on: day }),
  ProjectLeaderAssigned: z.object({ projectId: entityId, leaderId: entityId, on: day }),

  // Inspections (stream inspection-<id>); the problems they raise are opened by a reactor.
  InspectionRecorded: z.object({
    inspectionId: entityId,
    projectId: entityId,
    kind: inspectionKind,
    on: day,
    inspectorId: entityId,
    findings: text(4000),
    rating: z.number().int().min(1).max(5),
    problems: z.array(problemSpec).max(50),
  }),

  // Problems (stream problem-<id>), closed loop.
  ProblemRaised: z.object({
    problemId: entityId,
    projectId: entityId.optional(),
    regionId: entityId.optional(),
    taskForceId: entityId.optional(),
    category: problemCategory,
    description: text(2000),
    deadline: day,
    severity,
    raisedOn: day,
    inspectionId: entityId.optional(),
  }),
  ProblemAssigned: z.object({ problemId: entityId, unit: text(120), deadline: day.optional(), on: day }),
  ProblemEscalated: z.object({
    problemId: entityId,
    level: escalationLevel,
    reason: text(1000),
    on: day,
    /** Set when the system escalated it (the deadline manager): the rule that fired. */
    rule: optionalText(80),
  }),
  ProblemResolved: z.object({ problemId: entityId, resolution: text(2000), on: day }),
  ProblemClosed: z.object({ problemId: entityId, note: optionalText(1000), on: day }),
  ProblemReopened: z.object({ problemId: entityId, reason: text(1000), on: day }),
  // Time that acts (recorded by the system's deadline manager, once per deadline).
  /** An open problem passed its deadline: `since` is the first overdue day, `on` the day it was noticed. */
  ProblemWentOverdue: z.object({ problemId: entityId, deadline: day, since: day, on: day }),
  /** A reminder is due: the deadline is `daysLeft` days away and the problem is still open. */
  DeadlineReminderDue: z.object({ problemId: entityId, deadline: day, daysLeft: z.number().int().min(0).max(30), on: day }),

  // Lights as recorded (stream light-<projectId>): every change of a project's light, by an event or by
  // the calendar, so history and 超时倒查 can be queried. `from` is null for the first light recorded.
  ProjectLightChanged: z.object({
    projectId: entityId,
    from: lightColour.nullable(),
    to: lightColour,
    reasons: z.array(text(200)).max(30),
    on: day,
  }),

  // The notification outbox (stream outbox-<messageId>): what was sent where, never a secret or a URL.
  NotificationQueued: z.object({
    messageId: entityId,
    /** The channel's name (dingtalk, wecom, webhook). */
    channel: entityId,
    kind: notificationKind,
    /** The event (or digest day) the message is about. */
    factId: text(80),
    title: text(120),
    text: text(4000),
    on: day,
  }),
  /** A node claimed the next attempt (until `leaseUntil`, UTC ms): another node leaves it alone till then. */
  NotificationAttempted: z.object({ messageId: entityId, attempt: z.number().int().min(1), leaseUntil: z.number().int() }),
  NotificationSent: z.object({ messageId: entityId, attempt: z.number().int().min(1) }),
  NotificationFailed: z.object({
    messageId: entityId,
    attempt: z.number().int().min(1),
    error: text(500),
    /** When the next attempt may start (UTC ms), or null when the notifier gave up. */
    retryAt: z.number().int().nullable(),
  }),

  // Task forces (stream taskforce-<id>); the rotating red flag (stream redflag-<YYYY-MM>), one per month.
  TaskForceFormed: z.object({
    taskForceId: entityId,
    name: text(60),
    industry: text(60),
    chiefId: entityId,
    leadUnit: text(120),
  }),
  TaskForceAmended: z.object({
    taskForceId: entityId,
    changes: z.object({ name: text(60), industry: text(60), chiefId: entityId, leadUnit: text(120) }).partial(),
  }),
  RedFlagAwarded: z.object({ taskForceId: entityId, month, on: day }),

  // Indicators (stream indicator-<regionId>-<metric>-<year>)
  IndicatorTargetSet: z.object({
    regionId: entityId,
    metric: entityId,
    year,
    target: money,
    unit: text(20),
    label: optionalText(40),
  }),
  IndicatorReported: z.object({
    regionId: entityId,
    metric: entityId,
    year,
    month,
    value: money,
    yoy: z.number().min(-100).max(10000).nullable(),
  }),

  // Regions (stream region-<id>): the city, its counties, parks.
  RegionDefined: z.object({
    regionId: entityId,
    name: text(40),
    kind: z.enum(['city', 'county', 'park']),
    parentId: entityId.optional(),
  }),

  // Light rules (stream config-light-rules): versioned configuration, replayed like everything else.
  LightRulesAdopted: z.object({
    version: z.number().int().min(1),
    effectiveFrom: day,
    yellowLagPoints: z.number().min(0).max(100),
    redLagPoints: z.number().min(0).max(100),
    redStartSlipMonths: z.number().int().min(1).max(24),
  }),

  // Accounts (stream account-<username>): never a password or token.
  AccountCreated: z.object({ username: entityId, displayName: text(40), role, scopes }),
  AccountRoleChanged: z.object({ username: entityId, role }),
  AccountScopesGranted: z.object({ username: entityId, scopes }),
  AccountScopesRevoked: z.object({ username: entityId, scopes }),
  AccountDisabled: z.object({ username: entityId, reason: text(200) }),
  /** An admin set a new password (the hash goes to the account's credential stream, never here). */
  AccountPasswordReset: z.object({ username: entityId }),
  /** A screen token was issued (its hash goes to the credential stream; the token itself nowhere). */
  ScreenTokenIssued: z.object({ username: entityId, expiresAt: z.iso.datetime() }),

  // Credentials (stream credential-<username>): how every node checks a password or a token. Hashes
  // only (scrypt for passwords, SHA-256 for tokens), never a password or a token; never in the audit
  // log, never on a screen. In the store so that all nodes share them, and a revocation reaches all.
  PasswordHashSet: z.object({
    username: entityId,
    scheme: z.string().regex(/^[a-z0-9:-]{1,60}$/),
    salt: z.base64().max(200),
    hash: z.base64().max(400),
  }),
  TokenIssued: z.object({
    username: entityId,
    tokenHash: sha256Hex,
    kind: z.enum(['session', 'screen']),
    role,
    expiresAt: z.iso.datetime(),
  }),
  TokenRevoked: z.object({ username: entityId, tokenHash: sha256Hex }),
  /** Every token issued before this event ends (password reset, or an account disabled). */
  AllTokensRevoked: z.object({ username: entityId, reason: z.enum(['password_reset', 'disabled']) }),

  // Audit seals (stream audit-seal-<YYYY-MM>): one a month, written once the month has ended. The
  // global chain (keyed HMAC over every event in position order) and the board as of the month's last
  // recorded event, so a month can be checked with the key alone. Not a board fact: the fold ignores it.
  AuditSealed: z.object({
    month,
    /** The last event recorded in the month (China time). */
    position: eventPosition,
    /** The global chain's head at that event. */
    head: sha256Hex,
    /** How many events the store held up to it. */
    events: z.number().int().min(1),
    /** SHA-256 of the canonical JSON of the board as of that event. */
    boardDigest: sha256Hex,
  }),
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];

export type EventData<T extends EventType> = z.infer<(typeof EVENT_SCHEMAS)[T]>;

/** The domain events, a union tagged by `type`: switch over it and end in `assertNever`. */
export type DomainEvent = { [T in EventType]: { type: T; data: EventData<T> } }[EventType];

export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>;

/** Current schema version of every event type (bump it and add an upcaster when a shape changes). */
export const SCHEMA_VERSIONS: Record<EventType, number> = Object.fromEntries(EVENT_TYPES.map((t) => [t, 1])) as Record<EventType, number>;

/** A Set: looking a fresh string (every stored event's type) up as an object key first interns it. */
const EVENT_TYPE_SET: ReadonlySet<string> = new Set(EVENT_TYPES);

export function isEventType(type: string): type is EventType {
  return EVENT_TYPE_SET.has(type);
}

export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
