// What ships is what runs: fails when a built dist/ holds test code or the web bundle holds the
// wallboard's debug probe. The Dockerfile runs it on every image; after `rm -rf */dist && npm run build`
// it must pass here too (a dist/ built before tsconfig.build.json existed still holds old test output).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// The same kinds of file as the `exclude` of tsconfig.dist.json, as they come out of tsc.
const TEST_CODE = [/\.spec\./, /\.fixture\./, /\.conformance\./, /^testing$/, /test-kit\./, /^random-stream\./];
const PROBE = '__battlemap';

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    yield { path, name: entry.name };
    if (entry.isDirectory()) yield* walk(path);
  }
}

const problems = [];
for (const pkg of ['events', 'seeds', 'server']) {
  const dist = join(root, pkg, 'dist');
  if (!existsSync(dist)) continue;
  for (const { path, name } of walk(dist)) {
    if (TEST_CODE.some((pattern) => pattern.test(name))) problems.push(`test code: ${relative(root, path)}`);
  }
}
const web = join(root, 'web', 'dist');
if (existsSync(web)) {
  for (const { path, name } of walk(web)) {
    if (/\.(js|html)$/.test(name) && readFileSync(path, 'utf8').includes(PROBE))
      problems.push(`debug probe (${PROBE}): ${relative(root, path)}`);
  }
}

if (problems.length > 0) {
  console.error(`Not for shipping (build from clean: rm -rf */dist && npm run build):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('check-shipped: no test code in events/, seeds/, server/ dist, no debug probe in web/dist');
