/**
 * The stream catalogue: one function per aggregate names its stream, and `parseStream` reads a name
 * back. Entity ids are `[A-Za-z0-9][A-Za-z0-9_-]*` (see `entityId`), so a name is unambiguous when
 * each part is either the last or cannot hold the separator: the indicator stream writes its region
 * with `~` for `-` (a character no id may hold), so region `zhaohua-ip` and metric `taxRevenue` never
 * meet region `zhaohua` and metric `ip-taxRevenue` in one stream. Names without a `-` in the region
 * are unchanged from the first release.
 */
export const streams = {
  project: (projectId: string) => `project-${projectId}`,
  problem: (problemId: string) => `problem-${problemId}`,
  inspection: (inspectionId: string) => `inspection-${inspectionId}`,
  taskForce: (taskForceId: string) => `taskforce-${taskForceId}`,
  /** One 流动红旗 a month. */
  redFlag: (month: string) => `redflag-${month}`,
  region: (regionId: string) => `region-${regionId}`,
  indicator: (regionId: string, metric: string, year: number) => `indicator-${indicatorId(regionId, metric, year)}`,
  lightRules: () => 'config-light-rules',
  account: (username: string) => `${ACCOUNT_STREAM_PREFIX}${username}`,
  /** Password and token hashes: read only by the nodes' auth, never by a person (see isSecretStream). */
  credential: (username: string) => `${CREDENTIAL_STREAM_PREFIX}${username}`,
  /** One audit seal a month (China time). */
  auditSeal: (month: string) => `audit-seal-${month}`,
  /** A problem's deadline facts (overdue, reminders), kept apart so the system never moves the problem's revision. */
  deadline: (problemId: string) => `deadline-${problemId}`,
  /** A project's lights as recorded by the light watcher. */
  light: (projectId: string) => `light-${projectId}`,
  /** One notification on one channel: queued, attempted, sent or failed. */
  outbox: (messageId: string) => `${OUTBOX_STREAM_PREFIX}${messageId}`,
} as const;

export const ACCOUNT_STREAM_PREFIX = 'account-';
const CREDENTIAL_STREAM_PREFIX = 'credential-';
const OUTBOX_STREAM_PREFIX = 'outbox-';

/** An indicator's id (its stream name after `indicator-`): the region's `-` written as `~`, so it reads back. */
export function indicatorId(regionId: string, metric: string, year: number): string {
  return `${regionId.replaceAll('-', '~')}-${metric}-${year}`;
}

export type StreamRef =
  | { kind: 'project' | 'problem' | 'inspection' | 'taskForce' | 'region' | 'account' | 'deadline' | 'light' | 'outbox'; id: string }
  | { kind: 'redFlag' | 'auditSeal'; month: string }
  | { kind: 'indicator'; regionId: string; metric: string; year: number }
  | { kind: 'lightRules' };

const BY_PREFIX = {
  project: 'project',
  problem: 'problem',
  inspection: 'inspection',
  taskforce: 'taskForce',
  region: 'region',
  account: 'account',
  deadline: 'deadline',
  light: 'light',
  outbox: 'outbox',
} as const;

const MONTH = /^\d{4}-\d{2}$/;

/** The aggregate a stream name belongs to, or null for a name the catalogue does not make. */
export function parseStream(name: string): StreamRef | null {
  if (name === streams.lightRules()) return { kind: 'lightRules' };
  const dash = name.indexOf('-');
  if (dash <= 0) return null;
  const prefix = name.slice(0, dash);
  const rest = name.slice(dash + 1);
  if (rest === '') return null;
  if (prefix === 'redflag') return MONTH.test(rest) ? { kind: 'redFlag', month: rest } : null;
  if (prefix === 'audit') return rest.startsWith('seal-') && MONTH.test(rest.slice(5)) ? { kind: 'auditSeal', month: rest.slice(5) } : null;
  if (prefix === 'indicator') {
    const match = /^([^-]+)-(.+)-(\d{4})$/.exec(rest);
    return match ? { kind: 'indicator', regionId: match[1].replaceAll('~', '-'), metric: match[2], year: Number(match[3]) } : null;
  }
  const kind = Object.hasOwn(BY_PREFIX, prefix) ? BY_PREFIX[prefix as keyof typeof BY_PREFIX] : undefined;
  return kind ? { kind, id: rest } : null;
}

/** Streams whose events never reach screens (accounts, credentials and the notification outbox are not board facts). */
export function isPrivateStream(name: string): boolean {
  return name.startsWith(ACCOUNT_STREAM_PREFIX) || name.startsWith(OUTBOX_STREAM_PREFIX) || isSecretStream(name);
}

/**
 * Streams no person reads, auditors included: password and token hashes. `parseStream` does not know
 * them, so `?stream=` refuses them, and the audit log leaves them out (verification still covers them).
 */
export function isSecretStream(name: string): boolean {
  return name.startsWith(CREDENTIAL_STREAM_PREFIX);
}

/**
 * The id a command answers with: the entity its stream is about (a red flag answers its task force,
 * the light rules answer `light-rules`, an indicator its stream's name after `indicator-`).
 */
export function entityIdOf(event: { stream: string; data: unknown }): string {
  const ref = parseStream(event.stream);
  if (ref?.kind === 'redFlag') return (event.data as { taskForceId: string }).taskForceId;
  if (ref?.kind === 'lightRules') return 'light-rules';
  if (ref?.kind === 'auditSeal') return ref.month;
  if (isSecretStream(event.stream)) return event.stream.slice(CREDENTIAL_STREAM_PREFIX.length);
  return event.stream.slice(event.stream.indexOf('-') + 1);
}
