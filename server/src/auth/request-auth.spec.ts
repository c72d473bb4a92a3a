import type { AuthenticatedActor } from './authenticated-actor';
import { decideAccess, extractToken } from './request-auth';

describe('extractToken', () => {
  it.each([
    ['a Bearer header', { headers: { authorization: 'Bearer abc_DEF-123' } }, 'abc_DEF-123'],
    ['any case of the scheme', { headers: { authorization: 'bearer abc' } }, 'abc'],
    ['another scheme', { headers: { authorization: 'Basic YWRtaW46eA==' } }, null],
    ['an empty Bearer', { headers: { authorization: 'Bearer ' } }, null],
    ['an over-long token', { headers: { authorization: `Bearer ${'x'.repeat(257)}` } }, null],
    ['?token= on GET (a URL never carries a token)', { headers: {}, query: { token: 'abc' } }, null],
    ['?token= on HEAD', { headers: {}, query: { token: 'abc' } }, null],
    ['nothing', { headers: {} }, null],
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
