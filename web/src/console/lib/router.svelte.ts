import { sectionLabel, sectionOfSlug, slugOf, type AdminSection } from '../admin/lib/sections';

/** The console's pages, under /console. */
export type Route =
  | { name: 'projects' }
  | { name: 'project'; id: string }
  | { name: 'register' }
  | { name: 'report' }
  | { name: 'links' }
  | { name: 'queue' }
  | { name: 'import' }
  | { name: 'admin'; section: AdminSection }
  | { name: 'notFound'; path: string };

const BASE = '/console';

/** What the browser tab says on each page. */
const ROUTE_TITLES: Record<Route['name'], string> = {
  projects: '我的项目',
  project: '项目详情',
  register: '新建项目',
  report: '月度填报',
  links: '挂点联系',
  queue: '待同步',
  import: '导入台账',
  admin: '管理',
  notFound: '页面不存在',
};

/** The tab's title for a route: an administration page names its sub-page too ("大屏 · 管理"). */
export function routeTitle(route: Route): string {
  return route.name === 'admin' ? `${sectionLabel(route.section)} · ${ROUTE_TITLES.admin}` : ROUTE_TITLES[route.name];
}

function parseRoute(pathname: string): Route {
  // The dev server serves the page as /console.html.
  const path = pathname.replace(/^\/console(\.html)?/, '').replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/projects') return { name: 'projects' };
  if (path === '/new') return { name: 'register' };
  if (path === '/report') return { name: 'report' };
  if (path === '/links') return { name: 'links' };
  if (path === '/queue') return { name: 'queue' };
  if (path === '/import') return { name: 'import' };
  const project = /^\/projects\/([^/]+)$/.exec(path);
  if (project) return { name: 'project', id: decodeURIComponent(project[1]) };
  const admin = /^\/admin(?:\/([^/]+))?$/.exec(path);
  const section = admin && sectionOfSlug(admin[1]);
  if (section) return { name: 'admin', section };
  return { name: 'notFound', path: pathname };
}

export function hrefOf(route: Route): string {
  switch (route.name) {
    case 'projects':
      return BASE;
    case 'project':
      return `${BASE}/projects/${encodeURIComponent(route.id)}`;
    case 'register':
      return `${BASE}/new`;
    case 'report':
      return `${BASE}/report`;
    case 'links':
      return `${BASE}/links`;
    case 'queue':
      return `${BASE}/queue`;
    case 'import':
      return `${BASE}/import`;
    case 'admin':
      return `${BASE}/admin/${slugOf(route.section)}`;
    case 'notFound':
      return route.path;
    default: {
      const unknown: never = route;
      return unknown;
    }
  }
}

/**
 * History-API routing: links inside the console are plain <a href="/console/…">, and a click on one
 * is turned into a pushState, so pages open without a reload and the back button works.
 */
export class Router {
  route = $state.raw<Route>(parseRoute(location.pathname));

  #onPop = () => (this.route = parseRoute(location.pathname));
  #onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = (event.target as Element | null)?.closest?.('a');
    if (!anchor || anchor.target || anchor.hasAttribute('download') || anchor.origin !== location.origin) return;
    if (!anchor.pathname.startsWith(BASE)) return;
    event.preventDefault();
    this.go(anchor.pathname + anchor.search);
  };

  start(): () => void {
    addEventListener('popstate', this.#onPop);
    document.addEventListener('click', this.#onClick);
    return () => {
      removeEventListener('popstate', this.#onPop);
      document.removeEventListener('click', this.#onClick);
    };
  }

  go(path: string, replace = false): void {
    if (path !== location.pathname + location.search) {
      if (replace) history.replaceState(null, '', path);
      else history.pushState(null, '', path);
    }
    this.route = parseRoute(new URL(path, location.origin).pathname);
    scrollTo(0, 0);
  }
}
