import type { Bulletin } from '@battlemap/events';

/** Where in the workbench the address points: the workbench itself, or a 月通报's print page. */
export type AuditRoute = { kind: 'workbench' } | { kind: 'bulletin'; month: string; region: string | null; taskForce: string | null };

export function auditRoute(path: string, search: string): AuditRoute {
  const match = /^\/audit\/bulletin\/(\d{4}-\d{2})\/?$/.exec(path);
  if (!match) return { kind: 'workbench' };
  const params = new URLSearchParams(search);
  return { kind: 'bulletin', month: match[1], region: params.get('region'), taskForce: params.get('taskForce') };
}

/** The bulletin the server hands the print page when it prints a PDF (see server/src/exports/bulletin-pdf.ts). */
export function embeddedBulletin(): Bulletin | null {
  return (globalThis as { __BATTLEMAP_BULLETIN__?: Bulletin }).__BATTLEMAP_BULLETIN__ ?? null;
}

/** "?a=1&b=2" from the values given, leaving out empty ones. */
export function queryString(values: Record<string, string | number | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values))
    if (value !== null && value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}
