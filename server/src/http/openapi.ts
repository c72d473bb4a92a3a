import { INestApplication } from '@nestjs/common';
import { OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { RESPONSES, ResponseName } from '@battlemap/events';
import { z } from 'zod';
import { XLSX_TYPE } from '../imports/ledger-workbook';
import { MountedRoute, mountedRoutes } from './mounted-routes';
import { ROUTES, RouteDoc, TAGS } from './openapi-routes';

type Json = Record<string, unknown>;

const DESCRIPTION = `重点项目挂图作战的 HTTP 接口。实时看板另走 socket.io（同一端口，握手时带 auth.token）。

- **命令**（POST/PATCH）成功时答复 201 或 200：\`{id, stream, revision, position}\`。请求体多余的字段会被拒绝。
- 每个命令可带 \`expectedRevision\`（对象当前版本，见 GET /api/projects/{id} 的 revision）：已被他人修改时答复 409。
- 带 \`Idempotency-Key\` 头重试同一命令，只执行一次，重复时返回第一次的答复。
- **错误**一律为 \`{error, message, fields?}\`：error 是稳定的英文代码，message 是中文说明，400 时 fields 逐字段说明。
- 令牌：POST /api/auth/login 取得，之后放在 \`Authorization: Bearer <token>\`。`;

/** The error statuses the server answers, each with one meaning (see HttpErrorFilter). */
const ERRORS: Record<number, [name: string, description: string]> = {
  400: ['BadRequest', '输入有误（逐字段说明见 fields），或请求体不是合法的 JSON 对象'],
  401: ['Unauthorized', '未登录：缺少或无效的令牌（登录时：用户名或密码错误，或账号已停用）'],
  403: ['Forbidden', '当前角色或权限范围无权执行此操作'],
  404: ['NotFound', '对象不存在'],
  409: ['Conflict', '版本冲突：数据已被他人修改（expectedRevision 已过期），请刷新后再试'],
  413: ['PayloadTooLarge', '请求体过大（JSON 上限 1 MiB；导入文件上限 20 MB、10 万行）'],
  415: ['UnsupportedMediaType', '请求体编码不受支持，请用 UTF-8 的 JSON'],
  422: ['Unprocessable', '业务规则不允许（如阶段倒退、日期晚于今天），message 说明原因'],
  429: ['TooManyRequests', '登录失败次数过多，请稍后再试'],
  503: ['StoreUnavailable', '事件存储暂时无法访问（store_unavailable），操作没有记录；恢复后无需重启，稍后重试即可'],
  507: ['DiskFull', '服务器磁盘已满（disk_full），操作没有记录；清理磁盘后重试，已成功的操作都在'],
};

const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: '重试同一命令时带同一个键：服务器只执行一次，重复时返回第一次的答复',
  schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,200}$' },
};

/** OpenAPI 3.1 at /api/docs (Swagger UI) and /api/docs-json, for every route Nest mounts. */
export function serveOpenApi(app: INestApplication): void {
  const document = openApiDocument(mountedRoutes(app));
  SwaggerModule.setup('api/docs', app, document as unknown as OpenAPIObject, { swaggerOptions: { persistAuthorization: true } });
}

/**
 * The documented routes (ROUTES), with access and success status from the mounted ones; a mounted
 * route ROUTES lacks still appears, without a summary, so the linter flags it.
 */
function openApiDocument(mounted: MountedRoute[]): Json {
  const schemas: Record<string, Json> = {};
  const paths: Record<string, Record<string, Json>> = {};
  const byKey = new Map(mounted.map((route) => [`${route.method.toUpperCase()} ${route.path}`, route]));
  const documented = new Set<MountedRoute>();
  for (const [key, doc] of Object.entries(ROUTES)) {
    const [method, path] = key.split(' ');
    const route = byKey.get(`${method} ${doc.mountedAs ?? path}`);
    if (route) documented.add(route);
    (paths[path] ??= {})[method.toLowerCase()] = operation(path, doc, route ?? unmounted(method), schemas);
  }
  for (const route of mounted) {
    if (!documented.has(route)) (paths[route.path] ??= {})[route.method] = undocumented(route);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Battlemap 挂图作战 API', version: '1', description: DESCRIPTION },
    servers: [{ url: '/', description: '本服务' }],
    security: [{ bearer: [] }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'POST /api/auth/login 答复中的 token' } },
      schemas: { Error: jsonSchema(RESPONSES.error, 'output'), ...schemas },
      responses: Object.fromEntries(
        Object.values(ERRORS).map(([name, description]) => [
          name,
          { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        ]),
      ),
    },
  };
}

function operation(path: string, doc: RouteDoc, route: MountedRoute, schemas: Record<string, Json>): Json {
  const parameters = [
    ...[...path.matchAll(/\{(\w+)\}/g)].map(([, name]) =>
      parameter(name, 'path', true, jsonSchema(doc.params?.[name] ?? z.string(), 'input')),
    ),
    ...(doc.query ? queryParameters(doc.query) : []),
    ...(doc.idempotent ? [IDEMPOTENCY_KEY] : []),
  ];
  const errors = new Set<number>(doc.errors);
  if (doc.body || doc.query) errors.add(400);
  if (doc.body) [413, 415].forEach((status) => errors.add(status));
  if (doc.upload) [400, 413].forEach((status) => errors.add(status));
  if (!route.isPublic) errors.add(401);
  if (route.roles.length > 0) errors.add(403);
  // Every write can meet a store that is down or a disk that is full.
  if (route.method === 'post') [503, 507].forEach((status) => errors.add(status));
  const responses: Json = { [route.status]: success(doc.answer, schemas, doc.produces) };
  for (const status of [...errors].sort((a, b) => a - b)) responses[status] = { $ref: `#/components/responses/${ERRORS[status][0]}` };
  return {
    tags: [doc.tag],
    summary: doc.summary,
    operationId: doc.operationId,
    description: [doc.description, access(route)].filter(Boolean).join('\n\n'),
    ...(route.isPublic && { security: [] }),
    ...(parameters.length > 0 && { parameters }),
    ...(doc.body && {
      requestBody: {
        required: true,
        content: { 'application/json': { schema: component(schemas, `${pascal(doc.operationId)}Body`, doc.body, 'input') } },
      },
    }),
    ...(doc.upload && { requestBody: uploadBody(doc.upload) }),
    responses,
  };
}

/** One file in a multipart form, field `file`. */
function uploadBody(description: string): Json {
  const file = { type: 'string', contentMediaType: 'application/octet-stream', description: `${description}（.xlsx 或 .csv）` };
  return {
    required: true,
    content: { 'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file } } } },
  };
}

function success(answer: ResponseName | 'text' | 'xlsx', schemas: Record<string, Json>, produces = 'text/plain'): Json {
  if (answer === 'xlsx')
    return { description: 'Excel 工作簿', content: { [XLSX_TYPE]: { schema: { type: 'string', contentMediaType: XLSX_TYPE } } } };
  if (answer === 'text') {
    const schema = produces.startsWith('text/') ? { type: 'string' } : { type: 'string', format: 'binary' };
    return { description: '成功', content: { [produces]: { schema } } };
  }
  const schema = component(schemas, `${pascal(answer)}Answer`, RESPONSES[answer], 'output');
  return { description: answer === 'command' ? '已记录：事件写入的位置' : '成功', content: { 'application/json': { schema } } };
}

function access(route: MountedRoute): string {
  if (route.isPublic) return '无需登录。';
  return route.roles.length > 0 ? `角色：${route.roles.join('、')}。` : '任何已登录的角色。';
}

/** Documented but not mounted: shown as a signed-in route; the suite's request to it finds the 404. */
function unmounted(method: string): MountedRoute {
  return { method: method.toLowerCase(), path: '', status: method === 'POST' ? 201 : 200, isPublic: false, roles: [], handler: '' };
}

function undocumented(route: MountedRoute): Json {
  return {
    operationId: route.handler.replace('.', '_'),
    description: `尚未写文档：请在 server/src/http/openapi-routes.ts 中补上（${route.handler}）。`,
    ...(route.isPublic && { security: [] }),
    responses: { [route.status]: { description: '成功' } },
  };
}

function queryParameters(query: z.ZodObject): Json[] {
  const { properties, required = [] } = jsonSchema(query, 'input') as { properties: Record<string, Json>; required?: string[] };
  return Object.entries(properties).map(([name, schema]) => parameter(name, 'query', required.includes(name), schema));
}

/** The schema's description goes on the parameter, where Swagger UI shows it. */
function parameter(name: string, place: 'path' | 'query', required: boolean, { description, ...schema }: Json): Json {
  return { name, in: place, required, ...(description !== undefined && { description }), schema };
}

function component(schemas: Record<string, Json>, name: string, schema: z.ZodType, io: 'input' | 'output'): Json {
  schemas[name] ??= jsonSchema(schema, io);
  return { $ref: `#/components/schemas/${name}` };
}

/** JSON Schema 2020-12, which OpenAPI 3.1 embeds as is, minus the `$schema` line. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _, ...json } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    override: ({ jsonSchema: node }) => tidy(node, io),
  });
  return json;
}

function tidy(node: Json, io: 'input' | 'output'): void {
  // zod bounds every integer by the safe range: noise for a reader.
  if (node.minimum === Number.MIN_SAFE_INTEGER) delete node.minimum;
  if (node.maximum === Number.MAX_SAFE_INTEGER) delete node.maximum;
  // A request body is closed (unknown fields are refused); an answer may gain fields.
  if (io === 'output' && (node.additionalProperties === false || isEmptyObject(node.additionalProperties)))
    delete node.additionalProperties;
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

function pascal(name: string): string {
  return name[0].toUpperCase() + name.slice(1);
}
