#!/usr/bin/env bash
# Runs the test suite against QGIS 3.44 LTR, in a debootstrap chroot on a Debian host: Debian 13 (trixie) with QGIS
# from trixie-backports (QGIS344_SUITE=sid: a sid chroot instead, for when backports has moved past 3.44).
#
#   sudo scripts/qgis344_chroot.sh [pytest args...]     e.g. scripts/qgis344_chroot.sh tests/core -x
#
# The first run downloads and installs trixie with QGIS (about 1.5 GB, 10-20 minutes); later runs only re-copy the
# working tree and start pytest. Only QGIS's own packages come from backports (an apt pin on version 3.44.*, so a
# later LTR reaching backports is not picked up); everything else is plain trixie. The script stops when the QGIS it
# finds installed is not 3.44.x, and says which version it runs.
#
# The working tree is copied (rsync), never bind-mounted: the chroot's venv, the sample server's caches
# (sampleserver/.cache) and pytest-qgis's .qgis-settings (written under the rootdir) must not mix with the host's
# QGIS 3.22 ones, and the host tree stays untouched. Inside the chroot the copy is /src; the test fixtures are part
# of it (tests/data/fixtures).
#
# Environment: QGIS344_ROOT (chroot folder, default /var/tmp/arcgis-identify-qgis344), QGIS344_SUITE
# (trixie-backports, the default, or sid), DEBIAN_MIRROR (default: the host's own apt mirror).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHROOT="${QGIS344_ROOT:-/var/tmp/arcgis-identify-qgis344}"
SUITE="${QGIS344_SUITE:-trixie-backports}"
VENV=/opt/arcgis-identify-venv # inside the chroot
QGIS_SERIES=3.44
QGIS_PACKAGES=(qgis python3-qgis qgis-providers)
APT_PACKAGES=("${QGIS_PACKAGES[@]}" python3-gdal gdal-bin xvfb xauth python3-venv python3-numpy
  python-matplotlib-data python3-pip fonts-dejavu-core ca-certificates)

if [ "$(id -u)" != 0 ]; then
  exec sudo --preserve-env=QGIS344_ROOT,QGIS344_SUITE,DEBIAN_MIRROR,PIP_INDEX_URL,PIP_EXTRA_INDEX_URL,PIP_DEFAULT_TIMEOUT \
    "$0" "$@"
fi

log() { echo "[qgis344] $*" >&2; }
die() {
  log "error: $*"
  exit 1
}
started=$SECONDS

case "$SUITE" in
trixie-backports) BASE=trixie ;;
sid) BASE=sid ;;
*) die "QGIS344_SUITE must be trixie-backports or sid, not '$SUITE'" ;;
esac

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

# One run at a time per chroot: two would share its mounts, its apt and its copy of the tree.
mkdir -p "$(dirname "$CHROOT")"
exec 9>"$CHROOT.lock"
if ! flock -n 9; then
  log "another run holds $CHROOT.lock; waiting"
  flock 9
fi

# Mounts below the chroot (a run killed with SIGKILL leaves its binds behind), deepest first.
mounts_under() { awk -v root="$CHROOT" '$2 == root || index($2, root "/") == 1 {print $2}' /proc/mounts | sort -r; }

# -- 1. debootstrap (once) ---------------------------------------------------------------------------------------
host_missing=()
command -v debootstrap >/dev/null 2>&1 || host_missing+=(debootstrap)
command -v rsync >/dev/null 2>&1 || host_missing+=(rsync)
if [ ${#host_missing[@]} -gt 0 ]; then
  log "installing ${host_missing[*]} on the host"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${host_missing[@]}"
fi
if [ ! -x "$CHROOT/usr/bin/apt-get" ] || [ "$(cat "$CHROOT/.debootstrap-done" 2>/dev/null)" != "$BASE" ]; then
  log "debootstrap $BASE into $CHROOT from $MIRROR"
  # Never delete through a bind mount of the host's /dev or /proc.
  for m in $(mounts_under); do umount -l "$m"; done
  [ -z "$(mounts_under)" ] || die "cannot unmount $(mounts_under | tr '\n' ' ')"
  rm -rf --one-file-system "$CHROOT"
  mkdir -p "$CHROOT"
  debootstrap --variant=minbase "$BASE" "$CHROOT" "$MIRROR"
  echo "$BASE" >"$CHROOT/.debootstrap-done"
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
bind() { # bind SOURCE TARGET-INSIDE-CHROOT; a bind left by a killed run is taken over and undone with ours
  mkdir -p "$CHROOT$2"
  mountpoint -q "$CHROOT$2" || mount --bind "$1" "$CHROOT$2"
  MOUNTED+=("$CHROOT$2")
}
bind /proc /proc
bind /sys /sys
bind /dev /dev
bind /dev/pts /dev/pts
cp -L /etc/resolv.conf "$CHROOT/etc/resolv.conf" 2>/dev/null || true

in_chroot() { chroot "$CHROOT" /usr/bin/env -i HOME=/root LANG=C.UTF-8 PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"; }

# -- 3. QGIS 3.44 and friends (only what is missing) ------------------------------------------------------------
# Sources and the pin are rewritten each run; apt-get update runs only when they changed or something is missing.
if [ "$BASE" = trixie ]; then
  sources="deb $MIRROR trixie main
deb $MIRROR trixie-updates main
deb $MIRROR trixie-backports main"
else
  sources="deb $MIRROR sid main"
fi
# Backports' default priority (100) keeps everything on trixie; QGIS's own packages follow the 3.44 series, from
# whichever suite carries it.
pin="Package: qgis qgis-* python3-qgis python3-qgis-* libqgis*
Pin: version $QGIS_SERIES.*
Pin-Priority: 990"
apt_changed=0
if [ "$(cat "$CHROOT/etc/apt/sources.list" 2>/dev/null)" != "$sources" ]; then
  echo "$sources" >"$CHROOT/etc/apt/sources.list"
  apt_changed=1
fi
# apt reads only preferences.d files with no extension or ".pref" (a "qgis-3.44" would be skipped without a word).
pin_file="$CHROOT/etc/apt/preferences.d/qgis${QGIS_SERIES//./}.pref"
mkdir -p "$CHROOT/etc/apt/preferences.d"
if [ "$(cat "$pin_file" 2>/dev/null)" != "$pin" ]; then
  echo "$pin" >"$pin_file"
  apt_changed=1
fi
# Installing packages must not start services inside the chroot.
printf '#!/bin/sh\nexit 101\n' >"$CHROOT/usr/sbin/policy-rc.d"
chmod 755 "$CHROOT/usr/sbin/policy-rc.d"

qgis_version() { in_chroot dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true; }
missing=()
for p in "${APT_PACKAGES[@]}"; do
  in_chroot dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
for p in "${QGIS_PACKAGES[@]}"; do # installed but from another series (an older cache): upgraded through the pin
  v="$(qgis_version "$p")"
  if [ -n "$v" ] && [[ "$v" != "$QGIS_SERIES".* ]]; then missing+=("$p"); fi
done
if [ ${#missing[@]} -gt 0 ] || [ "$apt_changed" = 1 ]; then
  in_chroot apt-get update -qq
fi
if [ ${#missing[@]} -gt 0 ]; then
  candidate="$(in_chroot apt-cache policy python3-qgis | awk '/Candidate:/ {print $2}')"
  if [[ "$candidate" != "$QGIS_SERIES".* ]]; then
    in_chroot apt-cache policy qgis python3-qgis qgis-providers >&2 || true
    die "$SUITE offers python3-qgis '$candidate', not $QGIS_SERIES.x (try QGIS344_SUITE=sid)"
  fi
  log "apt-get install ${missing[*]} (QGIS $candidate)"
  in_chroot env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  in_chroot apt-get clean
fi
for p in "${QGIS_PACKAGES[@]}"; do
  v="$(qgis_version "$p")"
  [[ "$v" == "$QGIS_SERIES".* ]] || die "$p is '${v:-not installed}' in $CHROOT, not $QGIS_SERIES.x"
done
qgis_deb="$(qgis_version python3-qgis)"

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
REQS=requirements-dev.txt
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
qgis_py="$(in_chroot "$VENV/bin/python" -c 'from qgis.core import Qgis; print(Qgis.QGIS_VERSION)')"
[[ "$qgis_py" == "$QGIS_SERIES".* ]] || die "PyQGIS in the chroot says $qgis_py, not $QGIS_SERIES.x"
log "QGIS $qgis_py (python3-qgis $qgis_deb, $SUITE) / Python" \
  "$(in_chroot "$VENV/bin/python" -c 'import sys; print(sys.version.split()[0])') / ready in $((SECONDS - started)) s"
status=0
in_chroot sh -c 'cd /src && exec xvfb-run -a -s "-screen 0 1600x1000x24" "$0" -m pytest -p no:cacheprovider "$@"' \
  "$VENV/bin/python" "$@" || status=$?
log "pytest exit status $status after $((SECONDS - started)) s in all"
exit "$status"
