import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { COMMAND_BODIES, CommandName } from '@battlemap/events';
import { z } from 'zod';

/** Request bodies of each command route: the same zod schemas the server validates with. */
const BODIES: Record<string, CommandName> = {
  'post /api/projects': 'registerProject',
  'patch /api/projects/{id}': 'amendProject',
  'post /api/projects/{id}/stage': 'advanceStage',
  'post /api/projects/{id}/progress': 'reportProgress',
  'post /api/projects/{id}/stalled': 'markStalled',
  'post /api/projects/{id}/revitalized': 'revitalize',
  'post /api/projects/{id}/terminated': 'terminate',
  'post /api/projects/{id}/leader': 'assignLeader',
  'post /api/inspections': 'recordInspection',
  'post /api/problems': 'raiseProblem',
  'post /api/taskforces': 'formTaskForce',
  'patch /api/taskforces/{id}': 'amendTaskForce',
  'post /api/taskforces/{id}/red-flag': 'awardRedFlag',
  'post /api/indicators': 'setIndicatorTarget',
  'post /api/indicators/{regionId}/{metric}/{year}/report': 'reportIndicator',
  'post /api/regions': 'defineRegion',
  'post /api/light-rules': 'adoptLightRules',
  'post /api/auth/login': 'login',
  'post /api/accounts': 'createAccount',
};

const PROBLEM_TRANSITIONS: Record<string, CommandName> = {
  assign: 'assignProblem',
  escalate: 'escalateProblem',
  resolve: 'resolveProblem',
  close: 'closeProblem',
  reopen: 'reopenProblem',
};

/** OpenAPI at /api/docs (UI) and /api/docs-json, with every command body as JSON Schema. */
export function serveOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Battlemap 挂图作战 API')
    .setDescription('Commands answer 201 {id, stream, revision, position}; errors 400/401/403/404/409/413/422/429 with {error, message}.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item) as [string, { requestBody?: unknown; security?: unknown }][]) {
      operation.security = [{ bearer: [] }];
      const name = BODIES[`${method} ${path}`] ?? (path === '/api/problems/{id}/{transition}' ? undefined : undefined);
      if (name) operation.requestBody = jsonBody(name);
    }
  }
  const transitions = document.paths['/api/problems/{id}/{transition}'];
  if (transitions?.post) {
    delete document.paths['/api/problems/{id}/{transition}'];
    for (const [transition, name] of Object.entries(PROBLEM_TRANSITIONS)) {
      document.paths[`/api/problems/{id}/${transition}`] = {
        post: { ...transitions.post, parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], requestBody: jsonBody(name) },
      };
    }
  }
  SwaggerModule.setup('api/docs', app, document);
}

function jsonBody(name: CommandName) {
  const schema = z.toJSONSchema(COMMAND_BODIES[name], { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
  return { required: true, content: { 'application/json': { schema } } };
}
