/** The administration area's sub-pages, in the order its navigation lists them. Admins only. */
export const ADMIN_SECTIONS = [
  { id: 'accounts', slug: 'accounts', label: '账号' },
  { id: 'screens', slug: 'screens', label: '大屏' },
  { id: 'taskForces', slug: 'taskforces', label: '产业专班' },
  { id: 'indicators', slug: 'indicators', label: '经济指标' },
  { id: 'regions', slug: 'regions', label: '属地' },
  { id: 'lightRules', slug: 'light-rules', label: '红黄绿灯规则' },
  { id: 'notify', slug: 'notify', label: '消息推送' },
] as const;

export type AdminSection = (typeof ADMIN_SECTIONS)[number]['id'];

/** The section a path segment names (`/console/admin/<slug>`); the first one for none, null for an unknown one. */
export function sectionOfSlug(slug: string | undefined): AdminSection | null {
  if (!slug) return ADMIN_SECTIONS[0].id;
  return ADMIN_SECTIONS.find((s) => s.slug === slug)?.id ?? null;
}

export function slugOf(section: AdminSection): string {
  return ADMIN_SECTIONS.find((s) => s.id === section)!.slug;
}

export function sectionLabel(section: AdminSection): string {
  return ADMIN_SECTIONS.find((s) => s.id === section)!.label;
}
