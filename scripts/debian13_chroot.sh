#!/usr/bin/env bash
# Runs the test suite against QGIS 3.40 from Debian 13 (trixie), in a debootstrap chroot on a Debian host.
#
#   sudo scripts/debian13_chroot.sh [pytest args...]     e.g. scripts/debian13_chroot.sh tests/core -x
#
# The first run downloads and installs trixie with QGIS (about 1.5 GB, 10-20 minutes); later runs only re-copy the
# working tree and start pytest. The working tree is copied (rsync), never bind-mounted: the chroot's venv, the sample
# server's caches (sampleserver/.cache) and pytest-qgis's .qgis-settings (written under the rootdir) must not mix with
# the host's QGIS 3.22 ones, and the host tree stays untouched. Inside the chroot the copy is /src; the test
# fixtures are part of it (tests/data/fixtures).
#
# Environment: TRIXIE_ROOT (chroot folder), DEBIAN_MIRROR (default: the host's own apt mirror).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHROOT="${TRIXIE_ROOT:-/var/tmp/arcgis-identify-trixie}"
VENV=/opt/arcgis-identify-venv # inside the chroot
APT_PACKAGES=(qgis python3-qgis qgis-providers python3-gdal gdal-bin xvfb xauth python3-venv python3-numpy
  python-matplotlib-data python3-pip fonts-dejavu-core ca-certificates)

if [ "$(id -u)" != 0 ]; then
  exec sudo --preserve-env=TRIXIE_ROOT,DEBIAN_MIRROR "$0" "$@"
fi

log() { echo "[debian13] $*" >&2; }

# The mirror the host already uses (deb822 .sources or one-line sources.list), so no new host is contacted.
host_mirror() {
  local uri
  uri="$(grep -hsE '^\s*URIs:\s*\S+/debian/?\s*$' /etc/apt/sources.list.d/*.sources | head -n1 | awk '{print $2}')"
  if [ -z "$uri" ]; then
    uri="$(grep -hsE '^\s*deb\s+(\[[^]]*\]\s+)?\S+/debian/?\s' /etc/apt/sources.list /etc/apt/sources.list.d/*.list |
      sed -E 's/^\s*deb\s+(\[[^]]*\]\s+)?//' | awk '{print $1}' | head -n1)"
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}
MIRROR="${DEBIAN_MIRROR:-$(host_mirror)}"

# -- 1. debootstrap (once) ---------------------------------------------------------------------------------------
host_missing=()
command -v debootstrap >/dev/null 2>&1 || host_missing+=(debootstrap)
command -v rsync >/dev/null 2>&1 || host_missing+=(rsync)
if [ ${#host_missing[@]} -gt 0 ]; then
  log "installing ${host_missing[*]} on the host"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${host_missing[@]}"
fi
if [ ! -x "$CHROOT/usr/bin/apt-get" ] || [ ! -f "$CHROOT/.debootstrap-done" ]; then
  log "debootstrap trixie into $CHROOT from $MIRROR"
  rm -rf "$CHROOT"
  mkdir -p "$CHROOT"
  debootstrap --variant=minbase trixie "$CHROOT" "$MIRROR"
  touch "$CHROOT/.debootstrap-done"
fi

# -- 2. mounts, undone on exit ----------------------------------------------------------------------------------
MOUNTED=()
cleanup() {
  local i
  for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do
    umount -l "${MOUNTED[$i]}" 2>/dev/null || true
  done
}
trap cleanup EXIT INT TERM
bind() { # bind SOURCE TARGET-INSIDE-CHROOT
  mkdir -p "$CHROOT$2"
  if ! mountpoint -q "$CHROOT$2"; then
    mount --bind "$1" "$CHROOT$2"
    MOUNTED+=("$CHROOT$2")
  fi
}
bind /proc /proc
bind /sys /sys
bind /dev /dev
bind /dev/pts /dev/pts
cp -L /etc/resolv.conf "$CHROOT/etc/resolv.conf" 2>/dev/null || true

in_chroot() { chroot "$CHROOT" /usr/bin/env -i HOME=/root LANG=C.UTF-8 PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"; }

# -- 3. QGIS and friends (only what is missing) -----------------------------------------------------------------
missing=()
for p in "${APT_PACKAGES[@]}"; do
  in_chroot dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  echo "deb $MIRROR trixie main" >"$CHROOT/etc/apt/sources.list"
  in_chroot apt-get update -qq
  in_chroot env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  in_chroot apt-get clean
fi

# Certificate authorities the host added locally (a proxy's, a company's) are trusted inside too, so pip reaches the
# package index the same way it does on the host.
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  mkdir -p "$CHROOT/usr/local/share/ca-certificates"
  if ! diff -rq /usr/local/share/ca-certificates "$CHROOT/usr/local/share/ca-certificates" >/dev/null 2>&1; then
    cp /usr/local/share/ca-certificates/*.crt "$CHROOT/usr/local/share/ca-certificates/"
    in_chroot update-ca-certificates >/dev/null 2>&1
  fi
fi
PIP_ENV=(PIP_CERT=/etc/ssl/certs/ca-certificates.crt PIP_DISABLE_PIP_VERSION_CHECK=1)
for var in PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_DEFAULT_TIMEOUT; do
  if [ -n "${!var:-}" ]; then PIP_ENV+=("$var=${!var}"); fi
done

# -- 4. the working tree, copied --------------------------------------------------------------------------------
# Chroot-local state (venv, caches, QGIS settings) is excluded so --delete keeps it between runs.
mkdir -p "$CHROOT/src"
rsync -a --delete \
  --exclude=/.git/ --exclude=/.venv/ --exclude=/sampleserver/.cache/ --exclude=/.qgis-settings/ \
  --exclude=/.hypothesis/ --exclude=/.pytest_cache/ --exclude=/.ruff_cache/ --exclude=/dist/ --exclude=/demo-output/ \
  --exclude=__pycache__/ \
  "$REPO_ROOT/" "$CHROOT/src/"

# -- 5. venv (rebuilt only when the requirements change) --------------------------------------------------------
# requirements-dev-trixie.txt, when present, overrides pins that do not install on trixie's Python.
REQS=requirements-dev.txt
[ -f "$REPO_ROOT/requirements-dev-trixie.txt" ] && REQS=requirements-dev-trixie.txt
stamp="$CHROOT$VENV/.reqs-$(sha256sum "$REPO_ROOT/$REQS" | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  log "venv $VENV from $REQS"
  [ -x "$CHROOT$VENV/bin/python" ] || in_chroot /usr/bin/python3 -m venv --system-site-packages "$VENV"
  in_chroot env "${PIP_ENV[@]}" "$VENV/bin/python" -m pip install -q -r "/src/$REQS"
  # Same trick as the Makefile's venv target: arcgis_identify -> /src through a symlink in a .pth-listed folder.
  mkdir -p "$CHROOT$VENV/import-root"
  ln -sfn /src "$CHROOT$VENV/import-root/arcgis_identify"
  purelib="$(in_chroot "$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  echo "$VENV/import-root" >"$CHROOT$purelib/arcgis_identify_dev.pth"
  in_chroot sh -c "cd / && $VENV/bin/python -c 'import arcgis_identify'"
  rm -f "$CHROOT$VENV"/.reqs-*
  touch "$stamp"
fi

# -- 6. the suite -----------------------------------------------------------------------------------------------
log "$(in_chroot "$VENV/bin/python" -c 'from qgis.core import Qgis; print("QGIS", Qgis.QGIS_VERSION)' 2>/dev/null) /" \
  "$(in_chroot "$VENV/bin/python" -c 'import sys; print("Python", sys.version.split()[0])')"
status=0
in_chroot sh -c 'cd /src && exec xvfb-run -a -s "-screen 0 1600x1000x24" "$0" -m pytest -p no:cacheprovider "$@"' \
  "$VENV/bin/python" "$@" || status=$?
exit "$status"
