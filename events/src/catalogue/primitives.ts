import { z } from 'zod';

/** Field primitives shared by event data and command bodies. Error codes are stable English. */

/** A missing field says 'required'; a present but wrong one says what it should be. */
const requiredOr = (code: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'required' : code);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A YYYY-MM-DD that names a real day (years before 100 are refused, as Date.UTC would take them for
 * 1900–1999). By arithmetic, not a Date: every stored event's days are checked on every fold.
 */
const isRealDate = (s: string) => {
  const [y, m, d] = [Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10))];
  if (!(y >= 100 && m >= 1 && m <= 12 && d >= 1)) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]);
};

/** Object.prototype's own names: a Set, since `id in Object.prototype` first interns each new id string. */
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/** A calendar date in China time, YYYY-MM-DD. */
export const day = z
  .string({ error: 'invalid_date' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'invalid_date' })
  .refine(isRealDate, { error: 'invalid_date' });

/** A month, YYYY-MM. */
export const month = z.string({ error: 'invalid_month' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'invalid_month' });

/** A planned date: a month or a day. */
export const plannedDate = z.union([day, month], { error: 'invalid_month' });

/** Entity ids: ASCII, URL-safe, so they can sit in a stream name and a path. */
export const entityId = z
  .string({ error: requiredOr('invalid_id') })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, { error: 'invalid_id' })
  // Ids become keys of plain objects in the board state: never let one name an Object.prototype member.
  .refine((id) => !PROTOTYPE_NAMES.has(id), { error: 'invalid_id' });

/** A position in the global log: a decimal string, since KurrentDB commit positions exceed 2^53. */
export const eventPosition = z.string({ error: 'invalid_position' }).regex(/^\d{1,20}$/, { error: 'invalid_position' });

/** Money in 万元, an integer, never negative. */
export const money = z
  .number({ error: requiredOr('invalid_number') })
  .int({ error: 'not_integer' })
  .min(0, { error: 'negative' })
  .max(1e12, { error: 'too_large' });

export const text = (max: number) =>
  z
    .string({ error: requiredOr('invalid_text') })
    .trim()
    .min(1, { error: 'required' })
    .max(max, { error: 'too_long' });

export const optionalText = (max: number) => z.string({ error: 'invalid_text' }).trim().max(max, { error: 'too_long' }).optional();

export const year = z
  .number({ error: 'invalid_year' })
  .int({ error: 'invalid_year' })
  .min(2000, { error: 'invalid_year' })
  .max(2100, { error: 'invalid_year' });

/** [longitude, latitude] in degrees. */
export const lngLat = z.tuple(
  [
    z.number({ error: 'invalid_location' }).min(-180, { error: 'invalid_location' }).max(180, { error: 'invalid_location' }),
    z.number({ error: 'invalid_location' }).min(-90, { error: 'invalid_location' }).max(90, { error: 'invalid_location' }),
  ],
  { error: 'invalid_location' },
);

export const STAGES = ['negotiating', 'signed', 'started', 'completed', 'operating'] as const;
export const stage = z.enum(STAGES, { error: 'invalid_stage' });

export const PROJECT_KINDS = ['新建', '扩建', '技改', '续建'] as const;
export const projectKind = z.enum(PROJECT_KINDS, { error: 'invalid_kind' });

export const PROBLEM_CATEGORIES = ['land', 'funding', 'energy', 'labour', 'approval', 'infrastructure', 'other'] as const;
export const problemCategory = z.enum(PROBLEM_CATEGORIES, { error: 'invalid_category' });

export const SEVERITIES = ['normal', 'major', 'critical'] as const;
export const severity = z.enum(SEVERITIES, { error: 'invalid_severity' });

export const ESCALATION_LEVELS = ['county', 'city', 'joint_meeting'] as const;
export const escalationLevel = z.enum(ESCALATION_LEVELS, { error: 'invalid_level' });

export const LIGHTS = ['green', 'yellow', 'red'] as const;
export const lightColour = z.enum(LIGHTS, { error: 'invalid_light' });

/** What an outbox message is about (the notifier's kinds of fact, plus the digest and a test message). */
export const NOTIFICATION_KINDS = ['red_light', 'overdue', 'escalated', 'reminder', 'digest', 'test'] as const;
export const notificationKind = z.enum(NOTIFICATION_KINDS, { error: 'invalid_kind' });

export const INSPECTION_KINDS = ['inspection', 'visit', 'onsite'] as const;
export const inspectionKind = z.enum(INSPECTION_KINDS, { error: 'invalid_kind' });

export const ROLES = ['admin', 'supervisor', 'auditor', 'screen'] as const;
export const role = z.enum(ROLES, { error: 'invalid_role' });

export const scopes = z.strictObject({
  taskForces: z.array(entityId).max(100).default([]),
  regions: z.array(entityId).max(100).default([]),
});
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
