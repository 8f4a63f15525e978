"""The computers a bundle is made for: short names, wheel platform tags and marker environments.

A *target* is what one zip is built for: an operating system family, a processor and the
wheel platform tags pip must accept for it. Users name a target by a short name
(``windows``, ``mac-arm``, ``linux`` …) or by a wheel platform tag (``win_amd64``,
``macosx_12_0_arm64``, ``manylinux2014_x86_64`` …).

pip matches platform tags literally: ``--platform manylinux_2_28_x86_64`` accepts no wheel
tagged only ``manylinux_2_17_x86_64``, although that wheel runs on the same computer
(PEP 600). So a Linux target lists every older glibc tag and the legacy ``manylinux2014``
names too; for macOS pip itself adds the older releases and ``universal2``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Short names for the computers of a training room. Linux office PCs (统信 UOS, 麒麟 Kylin)
# have glibc 2.28 or newer; the Apple builds of scipy and pyarrow need macOS 12 or newer.
SHORT_NAMES: dict[str, str] = {
    "windows": "win_amd64",
    "mac-arm": "macosx_12_0_arm64",
    "mac-intel": "macosx_12_0_x86_64",
    "linux": "manylinux_2_28_x86_64",
    "linux-arm": "manylinux_2_28_aarch64",
}
EXAMPLE_TAGS = ("win_amd64", "macosx_12_0_arm64", "manylinux2014_x86_64")

_WINDOWS = re.compile(r"^win(32|_amd64|_arm64)$")
_MAC = re.compile(r"^macosx_(?P<major>1\d|[2-9]\d)_(?P<minor>\d{1,2})_(?P<arch>arm64|x86_64|universal2)$")
_LINUX_ARCHES = "x86_64|aarch64|i686|ppc64le|s390x|armv7l"
_LINUX = re.compile(rf"^manylinux_2_(?P<glibc>\d{{1,2}})_(?P<arch>{_LINUX_ARCHES})$")
_LINUX_LEGACY = re.compile(rf"^manylinux(?P<year>1|2010|2014)_(?P<arch>{_LINUX_ARCHES})$")
# The glibc minor version each legacy manylinux name stands for (PEP 600).
_LEGACY_GLIBC = {"1": 5, "2010": 12, "2014": 17}
_OLDEST_GLIBC = 5
_LINUX_MACHINE = {"x86_64": "x86_64", "aarch64": "aarch64", "i686": "i686"}
_WINDOWS_MACHINE = {"win32": "x86", "win_amd64": "AMD64", "win_arm64": "ARM64"}


@dataclass(frozen=True)
class Target:
    """One kind of computer a bundle is built for.

    Attributes:
        name: what the user typed (a short name or a tag); names the zip.
        tag: the main wheel platform tag.
        tags: every tag pip must accept for it (``--platform`` once each).
        system: ``"windows"``, ``"mac"`` or ``"linux"``: which install scripts go in.
        machine: the processor as Python reports it there (``platform.machine()``).
    """

    name: str
    tag: str
    tags: tuple[str, ...]
    system: str
    machine: str

    def marker_environment(self, python: str) -> dict[str, str]:
        """The PEP 508 marker values of a CPython ``python`` (``"3.12"``) on this target.

        pip evaluates dependency markers (``pywinpty; os_name == "nt"``) against the
        interpreter running it, not against ``--platform``; these values let it decide for
        the target instead.
        """
        os_name, sys_platform, system = {
            "windows": ("nt", "win32", "Windows"),
            "mac": ("posix", "darwin", "Darwin"),
            "linux": ("posix", "linux", "Linux"),
        }[self.system]
        return {
            "implementation_name": "cpython",
            "implementation_version": f"{python}.0",
            "os_name": os_name,
            "platform_machine": self.machine,
            "platform_python_implementation": "CPython",
            "platform_release": "",
            "platform_system": system,
            "platform_version": "",
            "python_full_version": f"{python}.0",
            "python_version": python,
            "sys_platform": sys_platform,
        }


def target(name: str) -> Target | None:
    """The target a short name or a wheel platform tag stands for; None when it is neither.

    >>> target("windows").tags
    ('win_amd64',)
    >>> target("manylinux2014_x86_64").tags[:2]
    ('manylinux_2_17_x86_64', 'manylinux2014_x86_64')
    >>> target("ios") is None
    True
    """
    tag = SHORT_NAMES.get(name, name)
    if _WINDOWS.match(tag):
        return Target(name, tag, (tag,), "windows", _WINDOWS_MACHINE[tag])
    if m := _MAC.match(tag):
        machine = "x86_64" if m["arch"] == "x86_64" else "arm64"
        return Target(name, tag, (tag,), "mac", machine)
    if m := _LINUX.match(tag):
        glibc, arch = int(m["glibc"]), m["arch"]
    elif m := _LINUX_LEGACY.match(tag):
        glibc, arch = _LEGACY_GLIBC[m["year"]], m["arch"]
    else:
        return None
    if glibc < _OLDEST_GLIBC:
        return None
    return Target(name, tag, linux_tags(glibc, arch), "linux", _LINUX_MACHINE.get(arch, arch))


def linux_tags(glibc: int, arch: str) -> tuple[str, ...]:
    """Every manylinux tag a computer with glibc 2.``glibc`` on ``arch`` runs, newest first.

    Each glibc version's legacy name follows its PEP 600 name, as pip takes tags literally.
    """
    legacy = {glibc_minor: year for year, glibc_minor in _LEGACY_GLIBC.items()}
    tags = []
    for minor in range(glibc, _OLDEST_GLIBC - 1, -1):
        tags.append(f"manylinux_2_{minor}_{arch}")
        year = legacy.get(minor)
        # manylinux2010 and manylinux1 were defined for Intel processors only
        if year == "2014" or (year is not None and arch in ("x86_64", "i686")):
            tags.append(f"manylinux{year}_{arch}")
    return tuple(tags)


def current() -> Target | None:
    """The target of the computer running this, when it is one a bundle can be made for."""
    import platform
    import sys

    machine = platform.machine().lower()
    if sys.platform == "win32":
        return target({"amd64": "win_amd64", "arm64": "win_arm64", "x86": "win32"}.get(machine, ""))
    if sys.platform == "darwin":
        return target("mac-arm" if machine == "arm64" else "mac-intel")
    if sys.platform.startswith("linux"):
        libc, version = platform.libc_ver()
        minor = version.split(".")[1] if libc == "glibc" and version.count(".") >= 1 else ""
        if minor.isdigit():
            return target(f"manylinux_2_{minor}_{machine}")
    return None
