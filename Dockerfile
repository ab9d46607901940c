# syntax = docker/dockerfile:1
ARG NODE_VERSION=24
FROM node:${NODE_VERSION}-slim AS base
LABEL fly_launch_runtime="Node.js"
WORKDIR /app
# Production never starts the BigCommerce emulator: the server refuses to start until a store
# (BIGCOMMERCE_STORE_HASH, BIGCOMMERCE_ACCESS_TOKEN, FAST_APP_ID) or the app (BIGCOMMERCE_CLIENT_ID,
# BIGCOMMERCE_CLIENT_SECRET, APP_URL) and TOKEN_ENCRYPTION_KEY are given, as secrets (fly.toml).
ENV NODE_ENV="production"

# Build stage: the image's Node is already 24, so the `node` devDependency's binary is skipped.
FROM base AS build
COPY package-lock.json package.json ./
RUN npm ci --include=dev --ignore-scripts
COPY . .
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM base
COPY --from=build /app/node_modules /app/node_modules
COPY --from=build /app/dist /app/dist
COPY --from=build /app/package.json /app/package.json
COPY --from=build /app/fixtures/sandbox /app/fixtures/sandbox
# The API document's examples (/docs/json), read at start-up (src/plugins/api-docs.ts, src/fast/schemas/examples.ts).
COPY --from=build /app/fixtures/fast/examples /app/fixtures/fast/examples
# The database (and, outside production, a key file) lives here, on the volume: the server's user only.
RUN mkdir -p -m 0700 /data
VOLUME /data
ENV DATA_DIR=/data HOST=0.0.0.0 PORT=3000
EXPOSE 3000
# No HEALTHCHECK: Fly.io ignores it and checks GET /ready itself (fly.toml), and the slim image has no
# curl to run one with.
# The same V8 flags as `npm start` (README "Memory"; test/deploy/node-flags.test.ts checks they match).
CMD [ "node", "--max-semi-space-size=4", "--max-old-space-size=192", "dist/server.js" ]
