import type { AuthenticatedActor } from './authenticated-actor';
import { decideAccess, extractToken } from './request-auth';

describe('extractToken', () => {
  it.each([
    ['a Bearer header', { method: 'POST', headers: { authorization: 'Bearer abc_DEF-123' } }, 'abc_DEF-123'],
    ['any case of the scheme', { method: 'GET', headers: { authorization: 'bearer abc' } }, 'abc'],
    ['another scheme', { method: 'GET', headers: { authorization: 'Basic YWRtaW46eA==' } }, null],
    ['an empty Bearer', { method: 'GET', headers: { authorization: 'Bearer ' } }, null],
    ['?token= on GET', { method: 'GET', headers: {}, query: { token: 'abc' } }, 'abc'],
    ['?token= on HEAD', { method: 'HEAD', headers: {}, query: { token: 'abc' } }, 'abc'],
    ['?token= on POST', { method: 'POST', headers: {}, query: { token: 'abc' } }, null],
    ['a repeated ?token=', { method: 'GET', headers: {}, query: { token: ['a', 'b'] } }, null],
    ['an over-long token', { method: 'GET', headers: {}, query: { token: 'x'.repeat(257) } }, null],
    ['nothing', { method: 'GET', headers: {}, query: {} }, null],
  ])('%s', (_name, request, expected) => {
    expect(extractToken(request)).toBe(expected);
  });
});

describe('decideAccess', () => {
  const as = (role: AuthenticatedActor['role']): AuthenticatedActor => ({
    id: 'x',
    name: 'x',
    role,
    scopes: { taskForces: [], regions: [] },
    tokenKind: 'session',
  });

  it.each([
    ['public, no token', { isPublic: true }, null, 'allow'],
    ['any route, no token', { isPublic: false }, null, 'unauthorized'],
    ['any route, a screen', { isPublic: false }, as('screen'), 'allow'],
    ['admin route, no token', { isPublic: false, roles: ['admin'] as const }, null, 'unauthorized'],
    ['admin route, an admin', { isPublic: false, roles: ['admin'] as const }, as('admin'), 'allow'],
    ['admin route, a supervisor', { isPublic: false, roles: ['admin'] as const }, as('supervisor'), 'forbidden'],
    ['admin/supervisor route, a supervisor', { isPublic: false, roles: ['admin', 'supervisor'] as const }, as('supervisor'), 'allow'],
    ['admin/supervisor route, an auditor', { isPublic: false, roles: ['admin', 'supervisor'] as const }, as('auditor'), 'forbidden'],
  ] as const)('%s → %s', (_name, route, actor, expected) => {
    expect(decideAccess(route, actor)).toBe(expected);
  });
});
