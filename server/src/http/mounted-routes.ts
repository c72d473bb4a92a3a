import { INestApplication, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { IS_PUBLIC, ROLES } from '../auth/auth.decorators';
import type { AccountRole } from '../auth/authenticated-actor';

/** A route as Nest mounts it, with the access rule AuthGuard reads from the same metadata. */
export interface MountedRoute {
  /** Lower case, as in an OpenAPI path item: get, post, patch… */
  method: string;
  /** In OpenAPI form: /api/projects/{id}. */
  path: string;
  /** The success status: @HttpCode, else Nest's default (201 for POST, 200 otherwise). */
  status: number;
  isPublic: boolean;
  /** Roles allowed on top of "any valid token"; empty when any signed-in role may call. */
  roles: AccountRole[];
  /** Controller.method, to name a route that has no documentation yet. */
  handler: string;
}

/** Every route of every controller, read from the decorators' metadata (what the router and guard use). */
export function mountedRoutes(app: INestApplication): MountedRoute[] {
  const routes: MountedRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (typeof metatype !== 'function') continue;
      const prefixes = asList(Reflect.getMetadata(PATH_METADATA, metatype));
      for (const name of Object.getOwnPropertyNames(metatype.prototype)) {
        const handler: unknown = Object.getOwnPropertyDescriptor(metatype.prototype, name)?.value;
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const paths: unknown = Reflect.getMetadata(PATH_METADATA, handler);
        if (paths === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod].toLowerCase();
        const status = (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ?? (method === 'post' ? 201 : 200);
        // Handler first, then controller: AuthGuard's getAllAndOverride.
        const isPublic = (Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, metatype) ?? false) as boolean;
        const roles = (Reflect.getMetadata(ROLES, handler) ?? Reflect.getMetadata(ROLES, metatype) ?? []) as AccountRole[];
        for (const prefix of prefixes) {
          for (const path of asList(paths)) {
            routes.push({ method, path: openApiPath(prefix, path), status, isPublic, roles, handler: `${metatype.name}.${name}` });
          }
        }
      }
    }
  }
  return routes;
}

function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return [value === undefined ? '' : String(value)];
}

/** `api/projects` + `:id/stage` → `/api/projects/{id}/stage`; `:month.xlsx` → `{month}.xlsx`. */
function openApiPath(prefix: string, path: string): string {
  const segments = [...prefix.split('/'), ...path.split('/')].filter((s) => s !== '');
  return `/${segments.map((s) => s.replace(/^:(\w+)/, '{$1}')).join('/')}`;
}
