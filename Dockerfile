# The Agora Live image: the built server, the built client and the server's production
# dependencies, on Node.js 24, as an unprivileged user.
#   docker build --build-arg REVISION="$(git rev-parse --short HEAD)" -t agora-live .
# deploy/compose.small.yml and deploy/compose.plenary.yml build it too.

# 1. Build: every dependency (TypeScript, Vite, esbuild), then the client and the server bundles.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY client/package.json client/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# 2. The server's production dependencies alone. The client's libraries (React, i18next…) live in
# its bundle, @agora/shared in the server's, and tsx, TypeScript and esbuild are build tools.
FROM node:24-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY client/package.json client/
RUN npm ci --omit=dev --workspace=server --no-audit --no-fund \
  && rm -rf node_modules/@agora \
  && npm cache clean --force

# 3. Runtime.
FROM node:24-bookworm-slim AS runtime
# The release (package.json's version; deploy/runtime.test.ts keeps them equal) and the commit.
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="Agora Live" \
      org.opencontainers.image.description="Self-hosted live participation for hybrid conferences: polls, word clouds and moderated Q&A." \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.licenses="AGPL-3.0-or-later"

ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/data \
    DEMO=false

WORKDIR /app
COPY --from=prod-deps /app/node_modules node_modules
COPY --from=build /app/server/dist server/dist
COPY --from=build /app/client/dist client/dist
COPY package.json LICENSE ./
COPY server/package.json server/

RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 3000

# Readiness, not mere liveness: 503 while the store refuses writes or the node drains.
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# SIGTERM drains: /readyz turns 503, running commands ack, the store closes (docs/operations.md).
STOPSIGNAL SIGTERM
# V8 flags: server/src/node-flags.ts says why (a young generation sized for bursts).
CMD ["node", "--min-semi-space-size=32", "--max-semi-space-size=32", "server/dist/main.js"]
