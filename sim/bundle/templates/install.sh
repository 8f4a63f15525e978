#!/bin/sh
# Community 1234 Kit {{ version }}: offline install for {{ platform }}, Python {{ python }}.
# Creates a Python environment in ~/community-1234/venv and installs the kit from the
# wheels next to this script: no internet, no administrator rights.
set -u
unset CDPATH
HERE=$(cd -- "$(dirname -- "$0")" && pwd)
KIT="$HOME/community-1234"
VENV="$KIT/venv"
say() { for line in "$@"; do printf '%s\n' "$line"; done; }
fail() { say "" {{ m.failed | sh }}; exit 1; }

if [ ! -d "$HERE/wheels" ]; then
  say {{ m.not_unzipped | sh }}
  exit 1
fi
say {{ m.find_python | sh }}
PY=
for candidate in "${PYTHON:-}" python{{ python }} python3 python; do
  [ -n "$candidate" ] || continue
  if "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != ({{ major }}, {{ minor }}))' >/dev/null 2>&1; then
    PY=$candidate
    break
  fi
done
if [ -z "$PY" ]; then
  say {{ m.no_python | sh }}
  exit 1
fi
say {{ m.venv | sh }} "  $VENV"
mkdir -p "$KIT" || fail
"$PY" -m venv --clear "$VENV" || fail
say {{ m.installing | sh }}
"$VENV/bin/python" -m pip install --isolated --no-input --disable-pip-version-check \
  --no-index --find-links "$HERE/wheels" {{ requirement | sh }} || fail
for what in lab dashboard; do
  launcher="$KIT/start-$what{{ launcher_suffix }}"
  printf '#!/bin/sh\nexec "%s" %s "$@"\n' "$VENV/bin/community-1234" "$what" >"$launcher" && chmod +x "$launcher"
done
say "" {{ m.done | sh }} "" {{ m.start_lab | sh }} "  $VENV/bin/community-1234 lab" ""
say {{ m.start_dashboard | sh }} "  $VENV/bin/community-1234 dashboard" ""
say {{ m.launchers | sh }} "  $KIT/start-lab{{ launcher_suffix }}" "  $KIT/start-dashboard{{ launcher_suffix }}"
