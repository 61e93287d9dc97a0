#!/usr/bin/env bash
# Builds the jobtwin image without a Docker engine (buildah, chroot isolation) and smoke-tests it
# with podman (runc): health, an Alchemyst job over HTTP, the clock, the HEALTHCHECK, a clean stop
# on SIGTERM, and (when `jobtwin mock --state-file` exists) a job that survives a new container.
#
#   sudo scripts/docker/smoke.sh        # exit 0: passed or skipped (one line says why); 1: a check failed
#
# The base image is scripts/docker/build-base.sh's local stand-in for node:20-bookworm-slim.
# Installs buildah, podman, debootstrap and runc with apt-get when they are missing.
# Environment: JOBTWIN_IMAGE (tag to build, default localhost/jobtwin:smoke), SMOKE_KEEP=1 (keep
# the containers, the state volume and the logs), and build-base.sh's variables.
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$ROOT/scripts/docker"
IMAGE="${JOBTWIN_IMAGE:-localhost/jobtwin:smoke}"
NAME="jobtwin-smoke-$$"
LOGS="$(mktemp -d /tmp/jobtwin-smoke.XXXXXX)"
STATE_DIR=""
VOLUME=""
STARTED=$SECONDS
RESULTS=()
FAILED=0
# runc cannot raise the open-files limit to podman's default here: every run sets both limits.
RUN=(podman --runtime runc run --network host --ulimit nofile=1024:1024 --ulimit nproc=4096:4096)

say() { printf 'smoke: %s\n' "$*"; }
pass() { RESULTS+=("PASS  $1"); say "PASS $1"; }
fail() { RESULTS+=("FAIL  $1"); say "FAIL $1"; FAILED=1; }
skip() { say "skipped: $*"; exit 0; }
# The first line of a log that says what went wrong (podman's systemd timer noise left out).
why() { grep -v -e 'level=error msg="[^"]*healthcheck' -e '^\s*$' "$1" | grep -i -m1 -E 'error|denied|not permitted|cannot|failed' || tail -1 "$1"; }

cleanup() {
  if [ "${SMOKE_KEEP:-0}" != 1 ]; then
    for c in "$NAME-0" "$NAME-1" "$NAME-2"; do podman rm -f -t 0 "$c" >/dev/null 2>&1 || true; done
    [ -n "$VOLUME" ] && podman volume rm -f "$VOLUME" >/dev/null 2>&1
    rm -rf "$LOGS"
  else
    say "kept: containers $NAME-0 $NAME-1 $NAME-2, logs $LOGS${VOLUME:+, volume $VOLUME}"
  fi
}
trap cleanup EXIT

# --- 0. Tools, root, and whether containers can run here at all ---------------------------------
[ "$(id -u)" = 0 ] || skip "needs root (buildah --isolation chroot and podman's system store); run it with sudo"
command -v node >/dev/null || skip "node is not on PATH (the checks and the base image's Node version need it)"
missing=()
for tool in buildah podman debootstrap runc; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || skip "${missing[*]} not installed and no apt-get to install them"
  say "installing ${missing[*]} with apt-get"
  t=$SECONDS
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      buildah podman debootstrap runc uidmap fuse-overlayfs; } >"$LOGS/apt.log" 2>&1; then
    skip "cannot install buildah/podman with apt-get: $(why "$LOGS/apt.log")"
  fi
  say "installed in $((SECONDS - t)) s"
fi
if ! podman info >"$LOGS/podman-info.log" 2>&1; then
  skip "podman cannot run here: $(why "$LOGS/podman-info.log")"
fi

# --- 1. The base image --------------------------------------------------------------------------
t=$SECONDS
BASE="$(bash "$HERE/build-base.sh" 2>"$LOGS/base.log")"
rc=$?
if [ "$rc" = 3 ]; then
  skip "cannot build the base image here: $(grep -m1 'cannot:' "$LOGS/base.log" | sed 's/^build-base: cannot: //')"
elif [ "$rc" != 0 ] || [ -z "$BASE" ]; then
  cat "$LOGS/base.log"
  fail "base image: scripts/docker/build-base.sh failed (exit code $rc, above)"
  printf '%s\n' "${RESULTS[@]}"
  echo "smoke: FAILED"
  exit 1
fi
BASE="$(tail -1 <<<"$BASE")"
say "base image $BASE ($((SECONDS - t)) s)"
if ! "${RUN[@]}" --rm "$BASE" node -e 'process.exit(0)' >"$LOGS/probe.log" 2>&1; then
  skip "podman --runtime runc cannot start a container here: $(why "$LOGS/probe.log")"
fi

# --- 2. The image -------------------------------------------------------------------------------
build=(buildah bud --isolation chroot --network host --format docker --pull=never --layers
  --build-arg "NODE_IMAGE=$BASE" -f "$ROOT/Dockerfile" -t "$IMAGE")
# npm inside the build: this machine's registry (a mirror, maybe), its CA bundle, and its
# credentials only as a build secret (never a build argument, never in a layer).
registry="$(npm config get registry 2>/dev/null || true)"
[ -n "$registry" ] && build+=(--build-arg "NPM_CONFIG_REGISTRY=$registry")
if [ -s /etc/ssl/certs/ca-certificates.crt ]; then
  build+=(-v /etc/ssl/certs:/etc/ssl/certs:ro --build-arg NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt)
fi
npmrc="$(npm config get userconfig 2>/dev/null || echo "$HOME/.npmrc")"
if [ -f "$npmrc" ] && grep -qE '(_authToken|_auth|_password|username)[[:space:]]*=' "$npmrc"; then
  build+=(--secret "id=npmrc,src=$npmrc")
  say "npm credentials in $npmrc go to the build as a secret"
fi
t=$SECONDS
if "${build[@]}" "$ROOT" >"$LOGS/build.log" 2>&1; then
  pass "build: buildah bud in $((SECONDS - t)) s (registry ${registry:-default})"
else
  tail -25 "$LOGS/build.log"
  fail "build: buildah bud failed (above)"
  printf '%s\n' "${RESULTS[@]}"
  echo "smoke: FAILED"
  exit 1
fi
size="$(podman image inspect --format '{{.Size}}' "$IMAGE")"
base_size="$(podman image inspect --format '{{.Size}}' "$BASE")"
say "image $IMAGE: $((size / 1000000)) MB ($((base_size / 1000000)) MB base + $(((size - base_size) / 1000000)) MB jobtwin)"
hc="$(podman image inspect "$IMAGE" 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const i=JSON.parse(s)[0]||{};const h=i.Healthcheck||(i.Config||{}).Healthcheck;if(h&&h.Test)console.log(h.Test.join(" "))})')"
[ -n "$hc" ] && pass "image carries the HEALTHCHECK" || fail "image carries no HEALTHCHECK (built with --format docker?)"

# --- 3. The entry point, and whether this build has --state-file --------------------------------
if version="$("${RUN[@]}" --rm "$IMAGE" --version 2>/dev/null)" && [ -n "$version" ]; then
  pass "entrypoint: --version prints $version"
else
  fail "entrypoint: --version"
fi
mock_help="$("${RUN[@]}" --rm "$IMAGE" mock --help 2>/dev/null)"
STATE_ARGS=()
if grep -q -- '--state-file' <<<"$mock_help"; then
  # A named volume on the image's /data (owned by its node user), as docs/docker.md shows.
  VOLUME="$NAME-state"
  podman volume create "$VOLUME" >/dev/null
  STATE_DIR="$(podman volume inspect --format '{{.Mountpoint}}' "$VOLUME")"
  STATE_ARGS=(-v "$VOLUME:/data")
  STATE_FILE_ARGS=(--state-file /data/jobtwin-state.json)
fi

# --- 4. Run it: health, a lifecycle, the clock, the HEALTHCHECK --------------------------------
PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
BASE_URL="http://127.0.0.1:$PORT"
start() { # name, then extra arguments for jobtwin mock
  local name="$1"; shift
  "${RUN[@]}" -d --name "$name" -e JOBTWIN_PORT="$PORT" -e JOBTWIN_SEED=1 ${STATE_ARGS[@]+"${STATE_ARGS[@]}"} \
    "$IMAGE" "$@" >"$LOGS/$name.run.log" 2>&1
}
checks() { local command="$1"; shift; node "$HERE/smoke-checks.mjs" "$command" "$BASE_URL" "$@"; }

if ! start "$NAME-1" ${STATE_FILE_ARGS[@]+"${STATE_FILE_ARGS[@]}"}; then
  fail "run: podman run failed: $(why "$LOGS/$NAME-1.run.log")"
else
  t=$SECONDS
  if out="$(checks health 30000)"; then pass "health on port $PORT after $((SECONDS - t)) s: $out"; else fail "health: $out"; podman logs "$NAME-1" 2>&1 | tail -20; fi
  if out="$(checks lifecycle)"; then pass "lifecycle: $out"; else fail "lifecycle: $out"; fi
  if out="$(checks advance)"; then pass "clock: $out"; else fail "clock: $out"; fi
  JOB_ID="$(grep -o 'job_[A-Za-z0-9_-]*' <<<"$out" | head -1)"
  if podman healthcheck run "$NAME-1" >"$LOGS/hc.log" 2>&1; then
    pass "HEALTHCHECK: podman healthcheck run: healthy"
  elif podman exec "$NAME-1" node -e "fetch('http://127.0.0.1:'+(process.env.JOBTWIN_PORT||4010)+'/__jobtwin/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" >/dev/null 2>&1; then
    pass "HEALTHCHECK: its command passes by podman exec (podman healthcheck run: $(why "$LOGS/hc.log"))"
  else
    fail "HEALTHCHECK: $(why "$LOGS/hc.log")"
  fi

  # --- 5. SIGTERM: a clean stop, exit code 0, within a few seconds -------------------------------
  t0=$(date +%s%N)
  podman stop -t 10 "$NAME-1" >/dev/null 2>&1
  ms=$((($(date +%s%N) - t0) / 1000000))
  code="$(podman inspect --format '{{.State.ExitCode}}' "$NAME-1" 2>/dev/null)"
  last="$(podman logs "$NAME-1" 2>/dev/null | tail -1)"
  if [ "$code" = 0 ] && [ "$ms" -lt 5000 ]; then
    pass "SIGTERM: podman stop in $ms ms, exit code 0 (\"$last\")"
  else
    fail "SIGTERM: podman stop took $ms ms, exit code $code (\"$last\")"
  fi

  # --- 5b. SIGTERM during start-up (reported, not failed): Node as PID 1 ignores it until the
  # twin has installed its handler, after loading the specs; `docker run --init` avoids it.
  if start "$NAME-0"; then
    sleep 0.3
    t0=$(date +%s%N)
    podman stop -t 3 "$NAME-0" >/dev/null 2>&1
    ms=$((($(date +%s%N) - t0) / 1000000))
    code="$(podman inspect --format '{{.State.ExitCode}}' "$NAME-0" 2>/dev/null)"
    if [ "$ms" -lt 2500 ]; then
      pass "SIGTERM 0.3 s after start: stopped in $ms ms, exit code $code"
    else
      RESULTS+=("WARN  SIGTERM 0.3 s after start: ignored by node as PID 1 during start-up, killed after $ms ms (exit code $code); run with --init")
      say "WARN SIGTERM 0.3 s after start: ignored during start-up, killed after $ms ms (exit code $code); --init avoids it"
    fi
  fi

  # --- 6. The state file: the same job from a new container on the same volume -------------------
  if [ ${#STATE_ARGS[@]} -eq 0 ]; then
    say "state file: skipped, this build's \`jobtwin mock --help\` has no --state-file"
  elif [ -z "${JOB_ID:-}" ]; then
    fail "state file: no job id from the clock check to look for"
  elif ! start "$NAME-2" "${STATE_FILE_ARGS[@]}"; then
    fail "state file: second podman run failed: $(why "$LOGS/$NAME-2.run.log")"
  else
    if ! out="$(checks health 30000)"; then
      fail "state file: the second container is not healthy: $out"; podman logs "$NAME-2" 2>&1 | tail -20
    elif out="$(checks status "$JOB_ID")"; then
      pass "state file: job $JOB_ID is $out after a new container on the same volume ($(cd "$STATE_DIR" 2>/dev/null && stat -c '%n %s bytes' -- * | paste -sd,))"
    else
      fail "state file: job $JOB_ID lost across containers: $out"; podman logs "$NAME-2" 2>&1 | tail -20
    fi
    podman stop -t 10 "$NAME-2" >/dev/null 2>&1
  fi
fi

# --- Summary ------------------------------------------------------------------------------------
echo
echo "jobtwin image smoke test: $IMAGE, $((size / 1000000)) MB, $((SECONDS - STARTED)) s"
printf '  %s\n' "${RESULTS[@]}"
if [ "$FAILED" = 0 ]; then echo "smoke: passed"; else echo "smoke: FAILED"; fi
exit "$FAILED"
