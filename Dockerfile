# jobtwin as a sidecar: the twin, all four bundled APIs, on 0.0.0.0:4010.
#   docker build -t jobtwin .
#   docker run --rm --init -p 4010:4010 jobtwin                # = jobtwin mock
#   docker run --rm --init -p 4010:4010 -e JOBTWIN_SEED=1 jobtwin --api alchemyst --clock frozen
# Options: JOBTWIN_PORT, JOBTWIN_HOST, JOBTWIN_SEED, JOBTWIN_SPEED, JOBTWIN_CONTROL_TOKEN,
# JOBTWIN_STATE_FILE (e.g. /data/state.json on a volume), or
# arguments (a first argument that starts with "-" goes to `jobtwin mock`; `conform`, `specs`,
# `--version` run those commands). Change the port with JOBTWIN_PORT: the HEALTHCHECK reads it.
# Without Docker: scripts/docker/build-base.sh and scripts/docker/smoke.sh (docs/docker.md).

# The base: the official image, or a local stand-in (scripts/docker/build-base.sh).
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# A registry mirror and an extra CA bundle for npm ci: build arguments, not credentials, and
# absent from the final stage. A registry token goes in as a secret:
#   docker build --secret id=npmrc,src=$HOME/.npmrc .
ARG NPM_CONFIG_REGISTRY=https://registry.npmjs.org/
ARG NODE_EXTRA_CA_CERTS
ENV NPM_CONFIG_UPDATE_NOTIFIER=false
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc \
    npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY conformance ./conformance
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    JOBTWIN_HOST=0.0.0.0 \
    JOBTWIN_PORT=4010
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY specs ./specs
COPY scripts/docker/entrypoint.sh ./entrypoint.sh
# /data: where a state file can live (-v jobtwin-state:/data -e JOBTWIN_STATE_FILE=/data/state.json);
# owned by node so that a new named volume mounted there is writable.
RUN install -d -o node -g node /data
USER node
EXPOSE 4010
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.JOBTWIN_PORT||4010)+'/__jobtwin/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/bin/sh", "/app/entrypoint.sh"]
CMD ["mock"]
