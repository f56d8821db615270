# syntax=docker/dockerfile:1
# NOT TESTED: Docker cannot run on the machine this was written on (docs/deploy.md).
#
# No `output: "standalone"`: the production entry is the custom server.mjs
# (client address for throttling, request ids, request logs), which standalone
# output neither runs nor traces. The runtime image ships the build, server.mjs
# and the production dependencies instead.

FROM node:22-bookworm-slim AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
# The postinstall step (patch-package) patches the PostgreSQL driver
# (docs/decisions.md); without patches/ it would fail the install.
COPY patches/ patches/
RUN npm ci --no-audit --no-fund

# Also the image of the one-shot migrate service (compose.yaml): it needs tsx,
# a development dependency, and the migrations.
FROM deps AS build
COPY . .
RUN npm run build

FROM deps AS prod-deps
RUN npm prune --omit=dev

FROM node:22-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    REQUIRE_UNPRIVILEGED_LOGIN=1
COPY --from=prod-deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/.next ./.next
# /api/health reads the migrations' journal to know the schema version it expects.
COPY --from=build --chown=root:root /app/db/migrations ./db/migrations
COPY --chown=root:root package.json next.config.js server.mjs ./
COPY --from=build --chown=root:root /app/lib/ops/http-metrics.mjs ./lib/ops/
# The code is root's and read-only to the process that runs it.
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "server.mjs"]
