#!/usr/bin/env bash
# Installs PostgreSQL with the pgvector extension for the pgvector tests (Debian, as root; CI runs it).
# Debian bookworm has no postgresql-NN-pgvector package, so where apt cannot install one, pgvector is
# built from Debian's own source package (from the next release, through a private apt state that
# leaves the system's sources untouched) against the installed server. PIPELINE_PGVECTOR_BUILD=1
# forces the build.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq postgresql >/dev/null
ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
if [ "${PIPELINE_PGVECTOR_BUILD:-0}" != 1 ]; then
  [ -f "/usr/share/postgresql/$ver/extension/vector.control" ] && { echo "pgvector: already installed for PostgreSQL $ver"; exit 0; }
  apt-get install -y -qq "postgresql-$ver-pgvector" >/dev/null 2>&1 && { echo "pgvector: installed postgresql-$ver-pgvector"; exit 0; }
fi
apt-get install -y -qq "postgresql-server-dev-$ver" make gcc >/dev/null
# The Debian archive this machine already uses (deb822 .sources first, then sources.list).
uri=$(grep -hs -m1 '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | head -1)
[ -n "$uri" ] || uri=$(grep -hs -m1 '^deb ' /etc/apt/sources.list | awk '{print $2}' | head -1)
work=$(mktemp -d)
chmod 755 "$work" # apt downloads as the _apt user
trap 'rm -rf "$work"' EXIT
echo "deb-src $uri trixie main" > "$work/src.list"
mkdir -p "$work/lists/partial"
O=(-o "Dir::Etc::sourcelist=$work/src.list" -o Dir::Etc::sourceparts=/dev/null -o "Dir::State::Lists=$work/lists")
apt-get "${O[@]}" update -qq
(cd "$work" && apt-get "${O[@]}" source --download-only -qq pgvector 2>/dev/null)
tar xzf "$work"/pgvector_*.orig.tar.gz -C "$work"
src=$(find "$work" -maxdepth 1 -type d -name 'pgvector-*' | head -1)
# OPTFLAGS="": portable code, not -march=native (the build machine may differ from the runner).
make -C "$src" -s -j2 OPTFLAGS="" >/dev/null
make -C "$src" -s install >/dev/null
echo "pgvector: built $(basename "$src") from the Debian source package for PostgreSQL $ver"
