import type { INestApplicationContext, Type } from '@nestjs/common';
import type { AuthenticatedActor } from '../auth/authenticated-actor';
import { ROLES } from '../auth/auth.decorators';
import { decideAccess } from '../auth/request-auth';
import { ForbiddenError, notFound } from '@battlemap/events';
import { IndicatorController } from '../indicators/indicator.controller';
import { InspectionController } from '../inspections/inspection.controller';
import { ProblemController } from '../problems/problem.controller';
import { ProjectController } from '../projects/project.controller';
import { SettingsController } from '../settings/settings.controller';
import { TaskForceController } from '../task-forces/task-force.controller';
import { IdempotentRequest, idempotentRequest } from '../http/submission';
import type { AccountRole } from '../auth/authenticated-actor';

type Method = 'POST' | 'PATCH';
type Call = (params: string[], body: unknown, actor: AuthenticatedActor, key?: IdempotentRequest) => Promise<unknown>;

interface Route {
  method: Method;
  pattern: RegExp;
  controller: Type<unknown>;
  handler: string;
  /** Arguments as the HTTP layer would pass them: path params, body, the token's actor, Idempotency-Key. */
  call: (instance: never) => Call;
}

const id = '([A-Za-z0-9][A-Za-z0-9_-]{0,63})';
const route = <C>(method: Method, path: string, controller: Type<C>, handler: keyof C & string, call: (c: C) => Call): Route => ({
  method,
  pattern: new RegExp(`^${path.replace(/:id/g, id)}$`),
  controller,
  handler,
  call: call as (instance: never) => Call,
});

/**
 * The command API's routes, dispatched in-process to the very controller methods HTTP reaches, with
 * the role check AuthGuard makes: validation, scope checks, the decider and the hash chain all run.
 * Only the transport is skipped, so the demo loads in seconds rather than minutes.
 */
const ROUTES: Route[] = [
  route('POST', '/api/regions', SettingsController, 'defineRegion', (c) => (_, b, a, k) => c.defineRegion(b, a, k)),
  route('POST', '/api/light-rules', SettingsController, 'adoptLightRules', (c) => (_, b, a, k) => c.adoptLightRules(b, a, k)),
  route('POST', '/api/taskforces', TaskForceController, 'form', (c) => (_, b, a, k) => c.form(b, a, k)),
  route(
    'POST',
    '/api/taskforces/:id/red-flag',
    TaskForceController,
    'redFlag',
    (c) =>
      ([tf], b, a, k) =>
        c.redFlag(tf, b, a, k),
  ),
  route('POST', '/api/indicators', IndicatorController, 'setTarget', (c) => (_, b, a, k) => c.setTarget(b, a, k)),
  route(
    'POST',
    '/api/indicators/:id/:id/(\\d{4})/report',
    IndicatorController,
    'report',
    (c) =>
      ([region, metric, year], b, a, k) =>
        c.report(region, metric, year, b, a, k),
  ),
  route('POST', '/api/projects', ProjectController, 'register', (c) => (_, b, a, k) => c.register(b, a, k)),
  route(
    'PATCH',
    '/api/projects/:id',
    ProjectController,
    'amend',
    (c) =>
      ([p], b, a, k) =>
        c.amend(p, b, a, k),
  ),
  route(
    'POST',
    '/api/projects/:id/stage',
    ProjectController,
    'stage',
    (c) =>
      ([p], b, a, k) =>
        c.stage(p, b, a, k),
  ),
  route(
    'POST',
    '/api/projects/:id/progress',
    ProjectController,
    'progress',
    (c) =>
      ([p], b, a, k) =>
        c.progress(p, b, a, k),
  ),
  route(
    'POST',
    '/api/projects/:id/stalled',
    ProjectController,
    'stalled',
    (c) =>
      ([p], b, a, k) =>
        c.stalled(p, b, a, k),
  ),
  route(
    'POST',
    '/api/projects/:id/revitalized',
    ProjectController,
    'revitalized',
    (c) =>
      ([p], b, a, k) =>
        c.revitalized(p, b, a, k),
  ),
  route(
    'POST',
    '/api/projects/:id/terminated',
    ProjectController,
    'terminated',
    (c) =>
      ([p], b, a, k) =>
        c.terminated(p, b, a, k),
  ),
  route('POST', '/api/inspections', InspectionController, 'record', (c) => (_, b, a, k) => c.record(b, a, k)),
  route('POST', '/api/problems', ProblemController, 'raise', (c) => (_, b, a, k) => c.raise(b, a, k)),
  route(
    'POST',
    '/api/problems/:id/:id',
    ProblemController,
    'transition',
    (c) =>
      ([q, t], b, a, k) =>
        c.transition(q, t, b, a, k),
  ),
];

export class DemoRouter {
  private readonly bound: { route: Route; call: Call; roles?: AccountRole[] }[];

  constructor(app: INestApplicationContext) {
    this.bound = ROUTES.map((r) => {
      const instance = app.get(r.controller);
      const handler = (r.controller.prototype as Record<string, unknown>)[r.handler] as object;
      const roles = (Reflect.getMetadata(ROLES, handler) ?? Reflect.getMetadata(ROLES, r.controller)) as AccountRole[] | undefined;
      return { route: r, call: r.call(instance as never), roles };
    });
  }

  /** As `METHOD path` with this body and this caller would do over HTTP; throws what HTTP maps to 4xx. */
  async dispatch(method: Method, path: string, body: unknown, actor: AuthenticatedActor, idempotencyKey?: string): Promise<unknown> {
    for (const { route: r, call, roles } of this.bound) {
      if (r.method !== method) continue;
      const match = r.pattern.exec(path);
      if (!match) continue;
      if (decideAccess({ isPublic: false, roles }, actor) !== 'allow') throw new ForbiddenError('forbidden', '当前角色无权执行此操作');
      // A fresh copy, as a parsed request body would be: the caller's object is never shared.
      const copy: unknown = JSON.parse(JSON.stringify(body ?? {}));
      return call(match.slice(1), copy, actor, idempotentRequest(idempotencyKey, method, path, copy));
    }
    throw notFound('not_found', `没有这个地址：${method} ${path}`);
  }
}
