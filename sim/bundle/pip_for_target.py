"""Run pip with dependency markers evaluated for another computer; ``bundle`` runs this file.

Usage: ``python pip_for_target.py MARKERS_JSON PIP_ARGUMENTS...``

pip chooses wheels for the target given by ``--platform``, ``--python-version``,
``--implementation`` and ``--abi``, but it decides dependency markers
(``pywinpty; os_name == "nt"``) for the interpreter running it: a Windows bundle built
on Linux would miss what only Windows needs. Here the marker values are those of the
target (``MARKERS_JSON``); resolving, choosing and downloading stay pip's own.
"""

from __future__ import annotations

import json
import sys


def main() -> int:
    """Patch pip's marker environment, check that it took, then run pip."""
    del sys.path[0]  # this folder: its modules must not shadow pip's
    from pip._vendor.packaging import markers

    environment: dict[str, str] = json.loads(sys.argv[1])
    markers.default_environment = lambda: dict(environment)
    probe = markers.Marker(f'sys_platform == "{environment["sys_platform"]}" and os_name == "{environment["os_name"]}"')
    if not probe.evaluate():
        # a pip that evaluates markers some other way would build a wrong bundle silently
        print("ERROR: this pip cannot evaluate dependency markers for another platform", file=sys.stderr)
        return 3
    from pip._internal.cli.main import main as pip_main

    return pip_main(sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
