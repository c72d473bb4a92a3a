import { ForbiddenError } from './errors';
import { ScopeTarget, ScopedActor, assertInScope, isInScope } from './scope';

const actor = (role: ScopedActor['role'], taskForces: string[] = [], regions: string[] = []): ScopedActor => ({
  role,
  scopes: { taskForces, regions },
});

const admin = actor('admin');
const chief = actor('supervisor', ['tf-materials']); // a task-force chief
const county = actor('supervisor', [], ['lizhou']); // a county supervisor
const both = actor('supervisor', ['tf-materials'], ['lizhou']);
const unscoped = actor('supervisor');

const inTfAndRegion: ScopeTarget = { taskForceId: 'tf-materials', regionId: 'lizhou' };
const inTfElsewhere: ScopeTarget = { taskForceId: 'tf-materials', regionId: 'cangxi' };
const otherTfInRegion: ScopeTarget = { taskForceId: 'tf-food', regionId: 'lizhou' };
const neither: ScopeTarget = { taskForceId: 'tf-food', regionId: 'cangxi' };
const regionOnly: ScopeTarget = { regionId: 'lizhou' };
const nothingNamed: ScopeTarget = {};

describe('assertInScope', () => {
  it.each([
    ['admin', admin, nothingNamed, 'ok'],
    ['admin', admin, neither, 'ok'],
    ['chief', chief, inTfAndRegion, 'ok'],
    ['chief', chief, inTfElsewhere, 'ok'],
    ['chief', chief, otherTfInRegion, 'out_of_scope'],
    ['chief', chief, regionOnly, 'out_of_scope'],
    ['county', county, inTfAndRegion, 'ok'],
    ['county', county, otherTfInRegion, 'ok'],
    ['county', county, regionOnly, 'ok'],
    ['county', county, inTfElsewhere, 'out_of_scope'],
    ['both', both, inTfElsewhere, 'ok'],
    ['both', both, otherTfInRegion, 'ok'],
    ['both', both, neither, 'out_of_scope'],
    ['any supervisor', both, nothingNamed, 'out_of_scope'],
    ['unscoped supervisor', unscoped, inTfAndRegion, 'out_of_scope'],
    ['auditor', actor('auditor', ['tf-materials'], ['lizhou']), inTfAndRegion, 'forbidden'],
    ['screen', actor('screen', ['tf-materials'], ['lizhou']), inTfAndRegion, 'forbidden'],
  ] as const)('%s on %j: %s', (_who, who, target, expected) => {
    let error: unknown;
    try {
      assertInScope(who, target);
    } catch (e) {
      error = e;
    }
    if (expected === 'ok') {
      expect(error).toBeUndefined();
      expect(isInScope(who, target)).toBe(true);
    } else {
      expect(error).toBeInstanceOf(ForbiddenError);
      expect(error).toMatchObject({ status: 403, code: expected });
      expect(isInScope(who, target)).toBe(false);
    }
  });

  it('tells a supervisor why, in words they can act on', () => {
    expect(() => assertInScope(chief, neither)).toThrow('不在您负责的专班或属地范围内');
  });
});
