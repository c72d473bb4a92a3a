import { ApiResponse, expectCommandAnswer, expectError, expectFieldErrors } from './support/http-client';
import {
  ACCOUNTS,
  PASSWORD,
  REGION_A,
  REGION_B,
  TF_A,
  TF_B,
  World,
  inspectionBody,
  problemBody,
  projectBody,
  raiseProblem,
  registerProject,
  startWorld,
} from './support/fixtures';

/** Every command endpoint of public contract v1 (and its extensions), its answer and each error status. */
describe('command endpoints over HTTP', () => {
  let world: World;
  let admin: string;
  const post = (path: string, body: unknown, token = admin, headers?: Record<string, string>) => world.api.post(path, body, token, headers);

  beforeAll(async () => {
    world = await startWorld();
    admin = world.admin;
  });
  afterAll(() => world?.stop());

  describe('projects', () => {
    it('registers a project: 201 {id, stream, revision, position}, readable at GET /api/projects/:id', async () => {
      const id = world.fresh('p');
      const response = await post('/api/projects', projectBody(id, TF_A, REGION_A, { leadUnit: '利州区经信局', leaderId: 'leader-1' }));
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ id, stream: `project-${id}`, revision: 0, position: expect.stringMatching(/^\d+$/) });

      const read = await world.api.get(`/api/projects/${id}`, admin);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({
        id,
        name: `重点项目 ${id}`,
        taskForceId: TF_A,
        regionId: REGION_A,
        stage: 'signed',
        totalInvestment: 50_000,
        annualPlanInvestment: 12_000,
        location: [105.84, 32.44],
        revision: 0,
        light: expect.stringMatching(/^(red|yellow|green)$/),
      });
    });

    it('makes an id when none is given', async () => {
      const response = await post('/api/projects', projectBody(undefined));
      expect(response.status).toBe(201);
      expectCommandAnswer(response.body);
      expect(response.body.stream).toBe(`project-${response.body.id}`);
    });

    it('400 names every wrong field: missing, wrong type, negative or fractional money, impossible date, bad location, unknown field', async () => {
      const body: Record<string, unknown> = projectBody(world.fresh('p'), TF_A, REGION_A, {
        totalInvestment: -5,
        annualPlanInvestment: 1.5,
        stageOn: '2026-02-30',
        location: [200, 32],
        kind: '新开',
        stage: 'building',
        colour: 'red',
      });
      delete body.name;
      const response = await post('/api/projects', body);
      expectFieldErrors(response, [
        { field: 'name', code: 'required' },
        { field: 'totalInvestment', code: 'negative' },
        { field: 'annualPlanInvestment', code: 'not_integer' },
        { field: 'stageOn', code: 'invalid_date' },
        { field: 'location.0', code: 'invalid_location' },
        { field: 'kind', code: 'invalid_kind' },
        { field: 'stage', code: 'invalid_stage' },
        { field: 'colour', code: 'unknown_field' },
      ]);
      // Chinese text a supervisor can act on, per field.
      expect(response.body.fields.find((f: { field: string }) => f.field === 'totalInvestment').message).toBe('总投资：不能为负数');
    });

    it('422 on an unknown task force or region, a duplicate id, or a date in the future', async () => {
      expectError(await post('/api/projects', projectBody(world.fresh('p'), 'tf-nowhere', REGION_A)), 422, 'unknown_task_force');
      expectError(await post('/api/projects', projectBody(world.fresh('p'), TF_A, 'r-nowhere')), 422, 'unknown_region');
      const id = await registerProject(world);
      expectError(await post('/api/projects', projectBody(id)), 422, 'project_exists');
      expectError(
        await post('/api/projects', projectBody(world.fresh('p'), TF_A, REGION_A, { stageOn: '2999-01-01' })),
        422,
        'date_in_future',
      );
    });

    it('PATCH /api/projects/:id amends the details (200) and 404s on an unknown project', async () => {
      const id = await registerProject(world);
      const response = await world.api.request(
        'PATCH',
        `/api/projects/${id}`,
        { name: '改名后的项目', totalInvestment: 60_000 },
        { token: admin },
      );
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ id, stream: `project-${id}`, revision: 1, position: expect.any(String) });
      expect((await world.api.get(`/api/projects/${id}`, admin)).body).toMatchObject({ name: '改名后的项目', totalInvestment: 60_000 });
      expectError(await world.api.request('PATCH', '/api/projects/p-missing', { name: 'x' }, { token: admin }), 404, 'project_not_found');
      expectFieldErrors(await world.api.request('PATCH', `/api/projects/${id}`, { taskForceId: TF_B }, { token: admin }), [
        { field: 'taskForceId', code: 'unknown_field' },
      ]);
    });

    it('stage: forward only (201), skipped stages recorded, backwards or before the current stage date is 422', async () => {
      const id = await registerProject(world, TF_A, REGION_A, { stage: 'negotiating', stageOn: '2025-02-01' });
      const jump = await post(`/api/projects/${id}/stage`, { stage: 'started', on: '2025-04-01', note: '集中开工' });
      expect(jump.status).toBe(201);
      // negotiating → signed (skipped) → started: two events, the answer names the last.
      expect(jump.body).toMatchObject({ id, stream: `project-${id}`, revision: 2 });
      const history = await world.api.get(`/api/projects/${id}/history`, admin);
      expect(history.body.events.map((e: { type: string; data: { to?: string } }) => [e.type, e.data.to])).toEqual([
        ['ProjectRegistered', undefined],
        ['ProjectStageAdvanced', 'signed'],
        ['ProjectStageAdvanced', 'started'],
      ]);
      expectError(await post(`/api/projects/${id}/stage`, { stage: 'signed', on: '2025-05-01' }), 422, 'stage_backwards');
      expectError(await post(`/api/projects/${id}/stage`, { stage: 'completed', on: '2025-03-01' }), 422, 'date_before_stage');
      expectError(await post(`/api/projects/${id}/stage`, { stage: 'completed', on: '2999-03-01' }), 422, 'date_in_future');
      expectFieldErrors(await post(`/api/projects/${id}/stage`, { stage: 'done', on: '2025-13-01' }), [
        { field: 'stage', code: 'invalid_stage' },
        { field: 'on', code: 'invalid_date' },
      ]);
      expectError(await post('/api/projects/p-missing/stage', { stage: 'started', on: '2025-04-01' }), 404, 'project_not_found');
    });

    it('progress: 201; progress above 100 or fractional money is 400; a future month is 422', async () => {
      const id = await registerProject(world);
      const response = await post(`/api/projects/${id}/progress`, {
        month: '2025-05',
        investment: 800,
        progress: 20,
        milestone: '施工许可',
        note: '按序时推进',
      });
      expect(response.status).toBe(201);
      expectCommandAnswer(response.body, `project-${id}`);
      expectFieldErrors(await post(`/api/projects/${id}/progress`, { month: '2025-5', investment: 12.5, progress: 101 }), [
        { field: 'month', code: 'invalid_month' },
        { field: 'investment', code: 'not_integer' },
        { field: 'progress', code: 'out_of_range' },
      ]);
      expectError(await post(`/api/projects/${id}/progress`, { month: '2999-01', investment: 1, progress: 1 }), 422, 'month_in_future');
      expectError(
        await post('/api/projects/p-missing/progress', { month: '2025-05', investment: 1, progress: 1 }),
        404,
        'project_not_found',
      );
    });

    it('stalled → revitalized → terminated, each 201, with the state rules as 422', async () => {
      const id = await registerProject(world);
      expectError(await post(`/api/projects/${id}/revitalized`, { how: '引入战投', on: '2025-06-01' }), 422, 'not_stalled');
      expect((await post(`/api/projects/${id}/stalled`, { reason: '资金链断裂', on: '2025-05-01' })).status).toBe(201);
      expectError(await post(`/api/projects/${id}/stalled`, { reason: '再次', on: '2025-05-02' }), 422, 'already_stalled');
      expectError(await post(`/api/projects/${id}/stage`, { stage: 'started', on: '2025-05-03' }), 422, 'project_stalled');
      expectError(await post(`/api/projects/${id}/revitalized`, { how: '引入战投', on: '2025-01-01' }), 422, 'date_before_registration');
      expect((await post(`/api/projects/${id}/revitalized`, { how: '引入战投', on: '2025-06-01' })).status).toBe(201);
      expect((await post(`/api/projects/${id}/terminated`, { reason: '企业撤资', on: '2025-07-01' })).status).toBe(201);
      expectError(await post(`/api/projects/${id}/progress`, { month: '2025-07', investment: 1, progress: 1 }), 422, 'project_terminated');
      expectFieldErrors(await post(`/api/projects/${id}/stalled`, { reason: '   ', on: 20250501 }), [
        { field: 'reason', code: 'required' },
        { field: 'on', code: 'invalid_date' },
      ]);
    });

    it('leader: 201, recorded on the project', async () => {
      const id = await registerProject(world);
      const response = await post(`/api/projects/${id}/leader`, { leaderId: 'leader-9', on: '2025-04-01' });
      expect(response.status).toBe(201);
      expect((await world.api.get(`/api/projects/${id}`, admin)).body.leaderId).toBe('leader-9');
      expectFieldErrors(await post(`/api/projects/${id}/leader`, { leaderId: '领导' }), [{ field: 'leaderId', code: 'invalid_id' }]);
    });

    it('GET /api/projects/:id and /history: 404 for an unknown project', async () => {
      expectError(await world.api.get('/api/projects/p-missing', admin), 404, 'project_not_found');
      expectError(await world.api.get('/api/projects/p-missing/history', admin), 404, 'project_not_found');
    });
  });

  describe('problems', () => {
    it('raise on a project (201) or on a region alone (201); unplaced is 422; unknown project 404; deadline before raised 422', async () => {
      const projectId = await registerProject(world);
      const onProject = await post('/api/problems', problemBody({ projectId }));
      expect(onProject.status).toBe(201);
      expect(onProject.body.stream).toBe(`problem-${onProject.body.id}`);
      expect((await post('/api/problems', problemBody({ regionId: REGION_B }))).status).toBe(201);
      expectError(await post('/api/problems', problemBody()), 422, 'problem_unplaced');
      expectError(await post('/api/problems', problemBody({ projectId: 'p-missing' })), 404, 'project_not_found');
      expectError(await post('/api/problems', problemBody({ projectId, deadline: '2025-04-01' })), 422, 'deadline_before_raised');
      expectFieldErrors(
        await post('/api/problems', problemBody({ projectId, category: '土地', severity: 'urgent', deadline: '2025-02-29' })),
        [
          { field: 'category', code: 'invalid_category' },
          { field: 'severity', code: 'invalid_severity' },
          { field: 'deadline', code: 'invalid_date' },
        ],
      );
    });

    it('the closed loop: assign → escalate → resolve → close → reopen, each 201; an illegal step is 422', async () => {
      const problemId = await raiseProblem(world, await registerProject(world));
      const path = (step: string) => `/api/problems/${problemId}/${step}`;
      expectError(await post(path('close'), { on: '2025-05-05' }), 422, 'invalid_transition');
      const steps: [string, unknown][] = [
        ['assign', { unit: '市自然资源局', deadline: '2025-09-30', on: '2025-05-10' }],
        ['escalate', { level: 'joint_meeting', reason: '提交联席会议研究', on: '2025-05-11' }],
        ['resolve', { resolution: '用地指标已调剂', on: '2025-05-20' }],
        ['close', { note: '核实销号', on: '2025-05-25' }],
        ['reopen', { reason: '问题复发', on: '2025-05-26' }],
      ];
      let revision = 0;
      for (const [step, body] of steps) {
        const response = await post(path(step), body);
        expect({ step, status: response.status }).toEqual({ step, status: 201 });
        expect(response.body.revision).toBe(++revision);
      }
      expectError(await post(path('resolve'), { resolution: 'x', on: '2025-04-01' }), 422, 'date_before_raised');
      expectFieldErrors(await post(path('escalate'), { level: 'province', reason: '' }), [
        { field: 'level', code: 'invalid_level' },
        { field: 'reason', code: 'required' },
      ]);
    });

    it('404 for an unknown problem and for an unknown transition', async () => {
      expectError(await post('/api/problems/q-missing/assign', { unit: '市发改委' }), 404, 'problem_not_found');
      const problemId = await raiseProblem(world, await registerProject(world));
      expectError(await post(`/api/problems/${problemId}/delete`, {}), 404);
    });
  });

  describe('inspections', () => {
    it('records an inspection (201); unknown project 404; future date 422; rating out of range 400', async () => {
      const projectId = await registerProject(world);
      const response = await post('/api/inspections', inspectionBody(projectId));
      expect(response.status).toBe(201);
      expect(response.body.stream).toBe(`inspection-${response.body.id}`);
      expectError(await post('/api/inspections', inspectionBody('p-missing')), 404, 'project_not_found');
      expectError(await post('/api/inspections', inspectionBody(projectId, { on: '2999-01-01' })), 422, 'date_in_future');
      expectFieldErrors(await post('/api/inspections', inspectionBody(projectId, { rating: 6, kind: 'tour' })), [
        { field: 'rating', code: 'out_of_range' },
        { field: 'kind', code: 'invalid_kind' },
      ]);
    });

    it('rejects an unknown field inside a raised problem (a typo must not be dropped silently)', async () => {
      const projectId = await registerProject(world);
      const problems = [{ category: 'land', description: '用地', deadline: '2025-09-01', severity: 'normal', deadLine: '2025-06-01' }];
      expectFieldErrors(await post('/api/inspections', inspectionBody(projectId, { problems })), [
        { field: 'problems.0.deadLine', code: 'unknown_field' },
      ]);
    });

    it('the reactor opens every problem the inspection raised, caused by the inspection, by its actor', async () => {
      const projectId = await registerProject(world);
      const problems = [
        problemBody({ raisedOn: undefined }),
        problemBody({ category: 'funding', description: '配套资金未到位', raisedOn: undefined }),
      ];
      for (const p of problems) delete (p as Record<string, unknown>).raisedOn;
      const inspectionId = world.fresh('i');
      const recorded = await post('/api/inspections', inspectionBody(projectId, { id: inspectionId, problems }));
      expect(recorded.status).toBe(201);
      const inspectionEvent = (await world.api.get(`/api/events?stream=inspection-${inspectionId}`, admin)).body.events[0];

      const raised = await world.api.eventually(async () => {
        const page = await world.api.get(`/api/events?type=ProblemRaised&after=${recorded.body.position}`, admin);
        const mine = page.body.events.filter((e: { data: { inspectionId?: string } }) => e.data.inspectionId === inspectionId);
        return mine.length === 2 ? mine : undefined;
      });
      expect(raised.map((e: { stream: string }) => e.stream).sort()).toEqual([`problem-${inspectionId}-q1`, `problem-${inspectionId}-q2`]);
      for (const event of raised) {
        expect(event.data).toMatchObject({ projectId, regionId: REGION_A, taskForceId: TF_A, raisedOn: '2025-05-02' });
        expect(event.meta).toMatchObject({ causationId: inspectionEvent.id, actor: { id: 'admin', role: 'admin' } });
      }
      // The problems are on the project and can be worked like any other.
      // The live board folds them from its subscription: the project lists both soon after.
      const listed = await world.api.eventually(async () => {
        const project = await world.api.get(`/api/projects/${projectId}`, admin);
        return project.body.problems?.length === 2 ? project.body.problems : undefined;
      });
      expect(listed.map((p: { id: string }) => p.id).sort()).toEqual([`${inspectionId}-q1`, `${inspectionId}-q2`]);
      expect((await post(`/api/problems/${inspectionId}-q1/assign`, { unit: '市自然资源局', on: '2025-05-03' })).status).toBe(201);
    });
  });

  describe('task forces and the red flag', () => {
    it('forms (201), amends (200), refuses a duplicate (422) and an unknown one (404)', async () => {
      const id = world.fresh('tf');
      const formed = await post('/api/taskforces', {
        id,
        name: '现代物流产业专班',
        industry: '现代物流',
        chiefId: 'chief-c',
        leadUnit: '市商务局',
      });
      expect(formed.status).toBe(201);
      expect(formed.body).toMatchObject({ id, stream: `taskforce-${id}`, revision: 0 });
      expectError(
        await post('/api/taskforces', { id, name: '重复', industry: '物流', chiefId: 'chief-c', leadUnit: '市商务局' }),
        422,
        'task_force_exists',
      );
      const amended = await world.api.request('PATCH', `/api/taskforces/${id}`, { name: '现代物流专班' }, { token: admin });
      expect(amended.status).toBe(200);
      expect(amended.body.revision).toBe(1);
      expectError(
        await world.api.request('PATCH', '/api/taskforces/tf-missing', { name: 'x' }, { token: admin }),
        404,
        'task_force_not_found',
      );
      expectFieldErrors(await post('/api/taskforces', { name: '', industry: 7 }), [
        { field: 'name', code: 'required' },
        { field: 'chiefId', code: 'required' },
        { field: 'leadUnit', code: 'required' },
      ]);
    });

    it('awards the red flag once a month (201, then 422); unknown task force 404; a future month 422', async () => {
      const awarded = await post(`/api/taskforces/${TF_A}/red-flag`, { month: '2025-03' });
      expect(awarded.status).toBe(201);
      expect(awarded.body.stream).toBe('redflag-2025-03');
      expectError(await post(`/api/taskforces/${TF_B}/red-flag`, { month: '2025-03' }), 422, 'red_flag_awarded');
      expectError(await post('/api/taskforces/tf-missing/red-flag', { month: '2025-04' }), 404, 'task_force_not_found');
      expectError(await post(`/api/taskforces/${TF_B}/red-flag`, { month: '2999-01' }), 422, 'month_in_future');
      expectFieldErrors(await post(`/api/taskforces/${TF_B}/red-flag`, { month: '2025-00' }), [{ field: 'month', code: 'invalid_month' }]);
    });
  });

  describe('indicators', () => {
    it('sets a target (201) and reports monthly values (201); the rules answer 404/422', async () => {
      const target = await post('/api/indicators', {
        regionId: REGION_A,
        metric: 'industrial-output',
        year: 2025,
        target: 1_470_000,
        unit: '万元',
        label: '规上工业总产值',
      });
      expect(target.status).toBe(201);
      // The region's own '-' is written '~' so that no other (region, metric) pair can name this stream.
      expect(target.body.stream).toBe(`indicator-${REGION_A.replaceAll('-', '~')}-industrial-output-2025`);
      const report = await post(`/api/indicators/${REGION_A}/industrial-output/2025/report`, {
        month: '2025-06',
        value: 760_000,
        yoy: 8.1,
      });
      expect(report.status).toBe(201);
      expect(report.body.revision).toBe(1);
      expectError(
        await post(`/api/indicators/${REGION_A}/industrial-output/2025/report`, { month: '2024-12', value: 1, yoy: null }),
        422,
        'month_outside_year',
      );
      expectError(
        await post(`/api/indicators/${REGION_A}/never-set/2025/report`, { month: '2025-06', value: 1, yoy: null }),
        404,
        'indicator_not_found',
      );
      expectError(
        await post('/api/indicators', { regionId: 'r-nowhere', metric: 'tax', year: 2025, target: 1, unit: '万元' }),
        422,
        'unknown_region',
      );
      expectFieldErrors(await post('/api/indicators', { regionId: REGION_A, metric: 'tax', year: 1999, target: -1, unit: '万元' }), [
        { field: 'year', code: 'invalid_year' },
        { field: 'target', code: 'negative' },
      ]);
      expectFieldErrors(
        await post(`/api/indicators/${REGION_A}/industrial-output/2025/report`, { month: '2025-07', value: 1, yoy: -101 }),
        [{ field: 'yoy', code: 'out_of_range' }],
      );
    });

    it('a year in the path that is not a number is 400 in the contract shape', async () => {
      expectError(
        await post(`/api/indicators/${REGION_A}/industrial-output/next-year/report`, { month: '2025-06', value: 1, yoy: null }),
        400,
      );
    });
  });

  describe('settings: regions and light rules', () => {
    it('defines a region (201) and adopts versioned light rules (201); inconsistent or backdated rules are 422', async () => {
      const region = world.fresh('park');
      const defined = await post('/api/regions', { id: region, name: '广元经开区', kind: 'park', parentId: REGION_A });
      expect(defined.status).toBe(201);
      expect(defined.body.stream).toBe(`region-${region}`);
      expectFieldErrors(await post('/api/regions', { id: region, name: '区', kind: 'province' }), [
        { field: 'kind', code: 'invalid_kind' },
      ]);

      const rules = { effectiveFrom: '2025-06-01', yellowLagPoints: 10, redLagPoints: 30, redStartSlipMonths: 3 };
      const adopted = await post('/api/light-rules', rules);
      expect(adopted.status).toBe(201);
      expect(adopted.body.stream).toBe('config-light-rules');
      expectError(await post('/api/light-rules', { ...rules, redLagPoints: 5 }), 422, 'invalid_rules');
      expectError(await post('/api/light-rules', { ...rules, effectiveFrom: '2025-01-01' }), 422, 'rules_backdated');
      expectFieldErrors(await post('/api/light-rules', { ...rules, redStartSlipMonths: 2.5 }), [
        { field: 'redStartSlipMonths', code: 'not_integer' },
      ]);
    });
  });

  describe('accounts', () => {
    it('creates (201), lists, changes role and scopes (201), and refuses duplicates and empty changes (422)', async () => {
      const username = world.fresh('u');
      const created = await post('/api/accounts', {
        username,
        displayName: '新督查员',
        role: 'supervisor',
        password: PASSWORD,
        scopes: { taskForces: [TF_B], regions: [] },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ id: username, stream: `account-${username}`, revision: 0 });
      expectError(
        await post('/api/accounts', { username, displayName: '重复', role: 'auditor', password: PASSWORD }),
        422,
        'account_exists',
      );
      const list = await world.api.get('/api/accounts', admin);
      expect(list.body.accounts).toContainEqual({
        username,
        displayName: '新督查员',
        role: 'supervisor',
        scopes: { taskForces: [TF_B], regions: [] },
        status: 'active',
      });
      expect(JSON.stringify(list.body)).not.toContain(PASSWORD);

      expect((await post(`/api/accounts/${username}/scopes`, { grant: { regions: [REGION_B] } })).status).toBe(201);
      expectError(await post(`/api/accounts/${username}/scopes`, {}), 422, 'nothing_to_change');
      expect((await post(`/api/accounts/${username}/role`, { role: 'auditor' })).status).toBe(201);
      const token = await world.api.login(username, PASSWORD);
      expect((await world.api.get('/api/auth/me', token)).body).toMatchObject({
        username,
        role: 'auditor',
        scopes: { taskForces: [TF_B], regions: [REGION_B] },
      });
      expectError(await post(`/api/accounts/${username}/role`, { role: 'root' }), 400, 'invalid_input');
      expectError(await post('/api/accounts/nobody/role', { role: 'auditor' }), 404, 'account_not_found');
      expectFieldErrors(await post('/api/accounts', { username: 'x y', displayName: '甲', role: 'auditor', password: 'short' }), [
        { field: 'username', code: 'invalid_id' },
        { field: 'password', code: 'password_too_short' },
      ]);
    });

    it('rejects an unknown field inside scopes (a typo must not silently grant nothing)', async () => {
      const response = await post('/api/accounts', {
        username: world.fresh('u'),
        displayName: '打错字',
        role: 'supervisor',
        password: PASSWORD,
        scopes: { taskforces: [TF_A] },
      });
      expectFieldErrors(response, [{ field: 'scopes.taskforces', code: 'unknown_field' }]);
    });

    it('disable (201) ends the sessions and the login; the last admin cannot be disabled (422)', async () => {
      const username = world.fresh('u');
      await world.api.must('POST', '/api/accounts', { username, displayName: '临时', role: 'auditor', password: PASSWORD }, admin);
      const token = await world.api.login(username, PASSWORD);
      expect((await post(`/api/accounts/${username}/disable`, { reason: '调离' })).status).toBe(201);
      expectError(await world.api.get('/api/board', token), 401, 'unauthorized');
      expectError(await world.api.post('/api/auth/login', { username, password: PASSWORD }), 401, 'account_disabled');
      expectError(await post(`/api/accounts/${username}/disable`, { reason: '再次' }), 422, 'account_disabled');
      expectError(await post('/api/accounts/admin/disable', { reason: '试试' }), 422, 'last_admin');
      expectError(await post('/api/accounts/admin/role', { role: 'auditor' }), 422, 'last_admin');
    });

    it('password reset (201) logs the account out; screen tokens only for screen accounts (422), unknown 404', async () => {
      const username = world.fresh('u');
      await world.api.must('POST', '/api/accounts', { username, displayName: '改密', role: 'auditor', password: PASSWORD }, admin);
      const old = await world.api.login(username, PASSWORD);
      const reset = await post(`/api/accounts/${username}/password`, { password: 'brand-new-password' });
      expect(reset.status).toBe(201);
      expectError(await world.api.get('/api/board', old), 401);
      expect(await world.api.login(username, 'brand-new-password')).toEqual(expect.any(String));
      expectFieldErrors(await post(`/api/accounts/${username}/password`, { password: 'short' }), [
        { field: 'password', code: 'password_too_short' },
      ]);
      expectError(await post('/api/accounts/nobody/password', { password: 'long-enough-1' }), 404, 'account_not_found');

      expectError(await post(`/api/accounts/${username}/screen-token`, {}), 422, 'not_a_screen_account');
      expectError(await post('/api/accounts/nobody/screen-token', {}), 404, 'account_not_found');
      const screen = await post(`/api/accounts/${ACCOUNTS.screen.username}/screen-token`, {});
      expect(screen.status).toBe(201);
      expect(screen.body).toEqual({ token: expect.any(String), expiresAt: expect.any(String) });
      expect(Date.parse(screen.body.expiresAt) - Date.now()).toBeGreaterThan(5 * 365 * 24 * 3600 * 1000);
    });
  });

  describe('auth', () => {
    it('login 200 {token, role, …}; wrong password 401; malformed 400; me; logout ends the token', async () => {
      const login = await world.api.post('/api/auth/login', { username: ACCOUNTS.auditor.username, password: PASSWORD });
      expect(login.status).toBe(200);
      expect(login.body).toMatchObject({ token: expect.any(String), role: 'auditor', displayName: ACCOUNTS.auditor.displayName });
      expectError(await world.api.post('/api/auth/login', { username: 'auditor', password: 'wrong-password' }), 401, 'invalid_credentials');
      expectError(await world.api.post('/api/auth/login', { username: 'nobody', password: 'wrong-password' }), 401, 'invalid_credentials');
      expectFieldErrors(await world.api.post('/api/auth/login', { username: '' }), [
        { field: 'username', code: 'required' },
        { field: 'password', code: 'required' },
      ]);
      const me = await world.api.get('/api/auth/me', login.body.token);
      expect(me.body).toMatchObject({ username: 'auditor', role: 'auditor', tokenKind: 'session' });
      expect((await world.api.post('/api/auth/logout', {}, login.body.token)).status).toBe(200);
      expectError(await world.api.get('/api/auth/me', login.body.token), 401, 'unauthorized');
    });

    it('401 without a token, with a bad token, and with ?token= on a write or a read (tokens never ride in URLs)', async () => {
      const body = projectBody(world.fresh('p'));
      expectError(await world.api.post('/api/projects', body), 401, 'unauthorized');
      expectError(await world.api.post('/api/projects', body, 'not-a-token'), 401, 'unauthorized');
      expectError(await world.api.request('POST', `/api/projects?token=${admin}`, body), 401, 'unauthorized');
      expectError(await world.api.get('/api/board'), 401, 'unauthorized');
      expectError(await world.api.get(`/api/board?token=${world.tokens.screen}`), 401, 'unauthorized');
      expect((await world.api.get('/api/board', world.tokens.screen)).status).toBe(200);
    });

    it('403 for a read-only role and for a supervisor out of scope', async () => {
      const projectId = await registerProject(world);
      expectError(
        await post(`/api/projects/${projectId}/progress`, { month: '2025-05', investment: 1, progress: 1 }, world.tokens.auditor),
        403,
        'forbidden',
      );
      expectError(
        await post(`/api/projects/${projectId}/progress`, { month: '2025-05', investment: 1, progress: 1 }, world.tokens.supOut),
        403,
        'out_of_scope',
      );
    });

    it('a supervisor acts on what is in their task force OR their region, and nothing else', async () => {
      const progress = { month: '2025-05', investment: 1, progress: 1 };
      const tfAInB = await registerProject(world, TF_A, REGION_B);
      const tfBInA = await registerProject(world, TF_B, REGION_A);
      expect((await post(`/api/projects/${tfAInB}/progress`, progress, world.tokens.supTaskForce)).status).toBe(201);
      expectError(await post(`/api/projects/${tfAInB}/progress`, progress, world.tokens.supRegion), 403, 'out_of_scope');
      expect((await post(`/api/projects/${tfBInA}/progress`, progress, world.tokens.supRegion)).status).toBe(201);
      expectError(await post(`/api/projects/${tfBInA}/progress`, progress, world.tokens.supTaskForce), 403, 'out_of_scope');
      expect((await post(`/api/projects/${tfBInA}/progress`, progress, world.tokens.supOut)).status).toBe(201);
      // A supervisor cannot register a project outside their scope, nor raise a problem there.
      expectError(
        await post('/api/projects', projectBody(world.fresh('p'), TF_B, REGION_B), world.tokens.supTaskForce),
        403,
        'out_of_scope',
      );
      expectError(await post('/api/problems', problemBody({ regionId: REGION_B }), world.tokens.supRegion), 403, 'out_of_scope');
      expect((await post('/api/problems', problemBody({ regionId: REGION_A }), world.tokens.supRegion)).status).toBe(201);
    });
  });

  describe('revisions, actors and limits', () => {
    it('409 on a stale expectedRevision, with both revisions in the answer; the current one is accepted', async () => {
      const id = await registerProject(world);
      const stale = await post(`/api/projects/${id}/progress`, { month: '2025-05', investment: 1, progress: 5, expectedRevision: 3 });
      expectError(stale, 409, 'stale_revision');
      expect(stale.body).toMatchObject({ expectedRevision: 3, actualRevision: 0 });
      const current = await post(`/api/projects/${id}/progress`, { month: '2025-05', investment: 1, progress: 5, expectedRevision: 0 });
      expect(current.status).toBe(201);
      expect(current.body.revision).toBe(1);
      expectError(
        await post(`/api/projects/${id}/stage`, { stage: 'started', on: '2025-05-01', expectedRevision: 0 }),
        409,
        'stale_revision',
      );
      expectError(
        await post('/api/projects', projectBody(world.fresh('p'), TF_A, REGION_A, { expectedRevision: 0 })),
        409,
        'stale_revision',
      );
      expectFieldErrors(await post(`/api/projects/${id}/stage`, { stage: 'started', on: '2025-05-01', expectedRevision: '1' }), [
        { field: 'expectedRevision', code: 'invalid_revision' },
      ]);
    });

    it('two concurrent edits with the same expectedRevision: exactly one 201 and one 409, every time', async () => {
      for (let trial = 0; trial < 5; trial++) {
        const id = await registerProject(world);
        const edit = (n: number) =>
          post(`/api/projects/${id}/progress`, { month: '2025-05', investment: n, progress: n, expectedRevision: 0 });
        const answers: ApiResponse[] = await Promise.all([edit(1), edit(2)]);
        expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
        const history = await world.api.get(`/api/projects/${id}/history`, admin);
        expect(history.body.events).toHaveLength(2);
      }
    });

    it('meta.actor comes from the token: an `actor` in the body is a 400 unknown field, and the event is signed by the caller', async () => {
      const id = await registerProject(world);
      const spoof = await post(
        `/api/projects/${id}/progress`,
        { month: '2025-05', investment: 1, progress: 5, actor: { id: 'admin', name: '系统管理员', role: 'admin' } },
        world.tokens.supTaskForce,
      );
      expectFieldErrors(spoof, [{ field: 'actor', code: 'unknown_field' }]);
      expect(spoof.body.fields).toHaveLength(1);
      const meta = await post(
        `/api/projects/${id}/progress`,
        { month: '2025-05', investment: 1, progress: 5, meta: { actor: { id: 'admin' } } },
        world.tokens.supTaskForce,
      );
      expectFieldErrors(meta, [{ field: 'meta', code: 'unknown_field' }]);

      const done = await post(`/api/projects/${id}/progress`, { month: '2025-05', investment: 1, progress: 5 }, world.tokens.supTaskForce);
      expect(done.status).toBe(201);
      const events = (await world.api.get(`/api/projects/${id}/history`, admin)).body.events;
      expect(events.at(-1).meta.actor).toEqual({
        id: ACCOUNTS.supTaskForce.username,
        name: ACCOUNTS.supTaskForce.displayName,
        role: 'supervisor',
      });
      expect(events.at(-1).position).toBe(done.body.position);
    });

    it('413 above 1 MiB; a body just under it is read (and judged: 400)', async () => {
      const id = await registerProject(world);
      const around = (size: number) => {
        const head = '{"month":"2025-05","investment":1,"progress":5,"note":"';
        return head + 'x'.repeat(size - head.length - 2) + '"}';
      };
      const over = around(1024 * 1024 + 1);
      expect(Buffer.byteLength(over)).toBe(1024 * 1024 + 1);
      expectError(
        await world.api.request('POST', `/api/projects/${id}/progress`, undefined, { token: admin, raw: over }),
        413,
        'too_large',
      );
      const under = around(1024 * 1024 - 64);
      expectFieldErrors(await world.api.request('POST', `/api/projects/${id}/progress`, undefined, { token: admin, raw: under }), [
        { field: 'note', code: 'too_long' },
      ]);
    });

    it('400 in the contract shape for text that is not JSON, and for JSON that is not an object', async () => {
      const id = await registerProject(world);
      const path = `/api/projects/${id}/stage`;
      expectFieldErrors(await world.api.request('POST', path, undefined, { token: admin, raw: '[1,2]' }), [
        { field: '(body)', code: 'invalid_body' },
      ]);
      expectFieldErrors(await world.api.request('POST', path, undefined, { token: admin }), [{ field: '(body)', code: 'invalid_body' }]);
      const broken = await world.api.request('POST', path, undefined, { token: admin, raw: '{"stage": "started", ' });
      expectError(broken, 400);
      expect(broken.body.message).not.toMatch(/JSON at position|Unexpected token/);
    });

    it('a field named like an Object.prototype member is reported under its own name', async () => {
      const id = await registerProject(world);
      const response = await world.api.request('POST', `/api/projects/${id}/stage`, undefined, {
        token: admin,
        raw: '{"stage":"started","on":"2025-05-01","constructor":1}',
      });
      expectFieldErrors(response, [{ field: 'constructor', code: 'unknown_field' }]);
      expect(response.body.fields[0].message).toBe('constructor：不认识的字段');
    });

    it('400 for a malformed Idempotency-Key', async () => {
      const id = await registerProject(world);
      const response = await post(`/api/projects/${id}/progress`, { month: '2025-05', investment: 1, progress: 5 }, admin, {
        'idempotency-key': 'x'.repeat(201),
      });
      expectFieldErrors(response, [{ field: 'Idempotency-Key', code: 'invalid_idempotency_key' }]);
    });

    it('404 in the contract shape for an unknown route', async () => {
      expectError(await world.api.get('/api/nothing-here', admin), 404, 'not_found');
      expectError(await post('/api/projects/p1/teleport', {}), 404, 'not_found');
    });

    // Last: it blocks its (forwarded) address for a minute. Loopback proxies are trusted
    // (`trust proxy: loopback`), so X-Forwarded-For names the client and other tests are unaffected.
    it('429 on the 11th failed login in a minute from one address, even with the right password; other addresses still log in', async () => {
      const from = { 'x-forwarded-for': '203.0.113.41' };
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) {
        statuses.push((await world.api.post('/api/auth/login', { username: 'admin', password: `wrong-${i}` }, undefined, from)).status);
      }
      expect(statuses).toEqual(Array(10).fill(401));
      expectError(
        await world.api.post('/api/auth/login', { username: 'admin', password: 'wrong-10' }, undefined, from),
        429,
        'too_many_attempts',
      );
      expectError(
        await world.api.post('/api/auth/login', { username: 'admin', password: 'e2e-admin-password' }, undefined, from),
        429,
        'too_many_attempts',
      );
      const elsewhere = await world.api.post('/api/auth/login', { username: 'admin', password: 'e2e-admin-password' }, undefined, {
        'x-forwarded-for': '203.0.113.42',
      });
      expect(elsewhere.status).toBe(200);
    });
  });

  describe('people', () => {
    it('names the people with accounts for every person signed in, never a screen or a disabled account; screens and nobody get none', async () => {
      const gone = world.fresh('gone');
      await world.api.must(
        'POST',
        '/api/accounts',
        { username: gone, displayName: '已离任', role: 'supervisor', password: PASSWORD },
        admin,
      );
      await world.api.must('POST', `/api/accounts/${gone}/disable`, { reason: '调离' }, admin);
      for (const role of ['admin', 'supTaskForce', 'auditor'] as const) {
        const answer = await world.api.get('/api/people', world.tokens[role]);
        expect(answer.status).toBe(200);
        expect(answer.body.people).toContainEqual({ id: 'sup-region', name: '利州区督查员' });
        const ids = answer.body.people.map((p: { id: string }) => p.id);
        expect(ids).not.toContain('screen-1');
        expect(ids).not.toContain(gone);
      }
      expect((await world.api.get('/api/people')).status).toBe(401);
      expect((await world.api.get('/api/people', world.tokens.screen)).status).toBe(403);
    });
  });
});
