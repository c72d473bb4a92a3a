# syntax=docker/dockerfile:1

# ---- build: compile TypeScript and the web app, then assemble the runtime tree in /runtime ----
# The full (non-slim) image already has python3, make and g++ for better-sqlite3's native build.
FROM node:22-bookworm AS build
# The lockfile and the "allowScripts" approvals in package.json are npm 11's: use the same npm.
ARG NPM_VERSION=11.19.1
RUN npm install --global "npm@${NPM_VERSION}"
WORKDIR /app

# Manifests first, so the dependency layer is reused until they change.
COPY package.json package-lock.json ./
COPY events/package.json events/
COPY server/package.json server/
COPY web/package.json web/
COPY seeds/package.json seeds/
RUN npm ci

COPY . .
# tsconfig.build.json leaves test code out of dist/, and `vite build` leaves the wallboard's debug probe
# out of web/dist; check-shipped fails the image if either slipped in.
RUN npm run build && node scripts/check-shipped.mjs

# Production dependencies only, installed from the same lockfile into a clean folder (the workspace
# links in node_modules/@battlemap point at the sibling folders), plus the built files. The seeds read
# the Guangyuan map (GeoJSON) from their source folder at run time, so it comes along.
WORKDIR /runtime
RUN cp /app/package.json /app/package-lock.json ./ \
 && for w in events server web seeds; do mkdir -p "$w" && cp "/app/$w/package.json" "$w/"; done \
 && npm ci --omit=dev \
 && npm cache clean --force \
 && for w in events server seeds; do cp -r "/app/$w/dist" "$w/" && rm -f "$w"/dist/*.tsbuildinfo; done \
 && cp -r /app/web/dist web/ \
 && mkdir -p seeds/src/guangyuan \
 && cp /app/seeds/src/guangyuan/*.geojson /app/seeds/src/guangyuan/LICENSE-* seeds/src/guangyuan/

# ---- runtime: Node and the built files, nothing else ----
FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
# Code stays owned by root (read-only for the app); only the data folder is the app's to write.
COPY --from=build /runtime ./
# The default store (EVENTSTORE_URL unset) is SQLite at ./data/events.db; /app/audit is where
# docker-compose keeps the audit key and checkpoint (a volume of its own, apart from the store).
RUN mkdir -p /app/data /app/audit && chown node:node /app/data /app/audit && chmod 700 /app/audit
USER node
EXPOSE 3000
# slim has no curl: ask Node itself.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://localhost:${process.env.PORT || 3000}/api/health`, { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--max-semi-space-size=64", "--experimental-async-context-frame", "server/dist/main.js"]
