import { z } from 'zod';
import { problemSpec } from './events';
import {
  day,
  entityId,
  escalationLevel,
  inspectionKind,
  lngLat,
  money,
  month,
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
 * Request bodies of the command API (public contract v1), shared by the server (validation) and the
 * web console (forms). Unknown fields are rejected so a typo never silently does nothing.
 */
const expectedRevision = z
  .number({ error: 'invalid_revision' })
  .int({ error: 'invalid_revision' })
  .min(-1, { error: 'invalid_revision' })
  .optional();
const body = <T extends z.ZodRawShape>(shape: T) => z.strictObject({ ...shape, expectedRevision });

export const COMMAND_BODIES = {
  registerProject: body({
    id: entityId.optional(),
    name: text(120),
    taskForceId: entityId,
    regionId: entityId,
    owner: text(120),
    kind: projectKind,
    totalInvestment: money,
    annualPlanInvestment: money,
    stage,
    stageOn: day,
    plannedStart: plannedDate.optional(),
    plannedCompletion: plannedDate.optional(),
    location: lngLat,
    leadUnit: optionalText(120),
    leaderId: entityId.optional(),
  }),
  amendProject: body({
    name: text(120).optional(),
    owner: text(120).optional(),
    kind: projectKind.optional(),
    totalInvestment: money.optional(),
    annualPlanInvestment: money.optional(),
    plannedStart: plannedDate.optional(),
    plannedCompletion: plannedDate.optional(),
    location: lngLat.optional(),
    leadUnit: optionalText(120),
  }),
  advanceStage: body({ stage, on: day, note: optionalText(500), batchId: entityId.optional() }),
  reportProgress: body({
    month,
    investment: money,
    progress: z.number({ error: 'invalid_number' }).min(0, { error: 'out_of_range' }).max(100, { error: 'out_of_range' }),
    milestone: optionalText(60),
    note: optionalText(500),
  }),
  markStalled: body({ reason: text(500), on: day }),
  revitalize: body({ how: text(500), on: day }),
  terminate: body({ reason: text(500), on: day }),
  assignLeader: body({ leaderId: entityId, on: day.optional() }),
  recordInspection: body({
    id: entityId.optional(),
    projectId: entityId,
    kind: inspectionKind,
    on: day,
    inspectorId: entityId,
    findings: text(4000),
    rating: z
      .number({ error: 'invalid_number' })
      .int({ error: 'not_integer' })
      .min(1, { error: 'out_of_range' })
      .max(5, { error: 'out_of_range' }),
    problems: z
      .array(problemSpec.omit({ problemId: true }), { error: 'invalid_list' })
      .max(50, { error: 'too_many' })
      .optional(),
  }),
  raiseProblem: body({
    id: entityId.optional(),
    projectId: entityId.optional(),
    regionId: entityId.optional(),
    taskForceId: entityId.optional(),
    category: problemCategory,
    description: text(2000),
    deadline: day,
    severity,
    raisedOn: day.optional(),
  }),
  assignProblem: body({ unit: text(120), deadline: day.optional(), on: day.optional() }),
  escalateProblem: body({ level: escalationLevel, reason: text(1000), on: day.optional() }),
  resolveProblem: body({ resolution: text(2000), on: day.optional() }),
  closeProblem: body({ note: optionalText(1000), on: day.optional() }),
  reopenProblem: body({ reason: text(1000), on: day.optional() }),
  formTaskForce: body({ id: entityId.optional(), name: text(60), industry: text(60), chiefId: entityId, leadUnit: text(120) }),
  amendTaskForce: body({
    name: text(60).optional(),
    industry: text(60).optional(),
    chiefId: entityId.optional(),
    leadUnit: text(120).optional(),
  }),
  awardRedFlag: body({ month, on: day.optional() }),
  setIndicatorTarget: body({ regionId: entityId, metric: entityId, year, target: money, unit: text(20), label: optionalText(40) }),
  reportIndicator: body({
    month,
    value: money,
    yoy: z.number({ error: 'invalid_number' }).min(-100, { error: 'out_of_range' }).max(10000, { error: 'out_of_range' }).nullable(),
  }),
  defineRegion: body({
    id: entityId,
    name: text(40),
    kind: z.enum(['city', 'county', 'park'], { error: 'invalid_kind' }),
    parentId: entityId.optional(),
  }),
  adoptLightRules: body({
    effectiveFrom: day,
    yellowLagPoints: z.number({ error: 'invalid_number' }).min(0, { error: 'out_of_range' }).max(100, { error: 'out_of_range' }),
    redLagPoints: z.number({ error: 'invalid_number' }).min(0, { error: 'out_of_range' }).max(100, { error: 'out_of_range' }),
    redStartSlipMonths: z
      .number({ error: 'invalid_number' })
      .int({ error: 'not_integer' })
      .min(1, { error: 'out_of_range' })
      .max(24, { error: 'out_of_range' }),
  }),
  createAccount: body({
    username: entityId,
    displayName: text(40),
    role,
    password: z.string({ error: 'required' }).min(8, { error: 'password_too_short' }).max(200, { error: 'too_long' }),
    scopes: scopes.optional(),
  }),
  changeAccountRole: body({ role }),
  changeAccountScopes: body({ grant: scopes.optional(), revoke: scopes.optional() }),
  disableAccount: body({ reason: text(200) }),
  login: z.strictObject({
    username: z.string({ error: 'required' }).min(1, { error: 'required' }).max(64, { error: 'too_long' }),
    password: z.string({ error: 'required' }).min(1, { error: 'required' }).max(200, { error: 'too_long' }),
  }),
} as const;

export type CommandName = keyof typeof COMMAND_BODIES;
export type CommandBody<N extends CommandName> = z.infer<(typeof COMMAND_BODIES)[N]>;
