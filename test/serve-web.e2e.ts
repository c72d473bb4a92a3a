import { readFileSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { testWebDist } from './support/browser';
import { RunningServer, startServer, tempDataDir } from './support/server';

/** A raw GET (no client that inflates for us): status, headers and the bytes as sent. */
function get(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; encoding: string | undefined; body: Buffer }>((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

/** The pages and their bundles go gzipped to a browser that asks; the API's answers do not change. */
describe('serving the web app', () => {
  const data = tempDataDir();
  const dist = testWebDist();
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ dataDir: data.dir, env: { ADMIN_PASSWORD: 'serve-web-password', WEB_DIST: dist } });
  });
  afterAll(async () => {
    await server?.stop();
    data.remove();
  });

  it("sends the wallboard's largest script gzipped when asked, the same bytes once inflated, and plain when not", async () => {
    // The page itself is under compression's 1 KiB threshold: sent as it is.
    const page = await get(`${server.url}/`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(page.status).toBe(200);
    expect((page.encoding === 'gzip' ? gunzipSync(page.body) : page.body).equals(readFileSync(join(dist, 'index.html')))).toBe(true);

    const scripts = readdirSync(join(dist, 'assets')).filter((name) => name.endsWith('.js'));
    const largest = scripts
      .map((name) => ({ name, bytes: readFileSync(join(dist, 'assets', name)) }))
      .sort((a, b) => b.bytes.length - a.bytes.length)[0];
    const zipped = await get(`${server.url}/assets/${largest.name}`, { 'accept-encoding': 'gzip' });
    expect([zipped.status, zipped.encoding]).toEqual([200, 'gzip']);
    expect(gunzipSync(zipped.body).equals(largest.bytes)).toBe(true);
    expect(zipped.body.length).toBeLessThan(largest.bytes.length / 2);

    const plain = await get(`${server.url}/assets/${largest.name}`);
    expect([plain.status, plain.encoding]).toEqual([200, undefined]);
    expect(plain.body.equals(largest.bytes)).toBe(true);
  });

  it("leaves the API's answers as they were", async () => {
    const health = await get(`${server.url}/api/health`, { 'accept-encoding': 'gzip' });
    expect([health.status, health.encoding]).toEqual([200, undefined]);
    expect(JSON.parse(health.body.toString('utf8'))).toMatchObject({ status: 'ok' });
    const metrics = await get(`${server.url}/metrics`, { 'accept-encoding': 'gzip' });
    expect(metrics.encoding).toBeUndefined();
  });
});
