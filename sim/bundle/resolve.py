"""pip for the bundle: build the kit's wheel, download or resolve a target's wheels, read pip's errors.

Every step is pip's own (``pip wheel``, ``pip download``, ``pip install --dry-run``), run
as a subprocess of this interpreter with the user's pip configuration, so a package
mirror set with ``pip config`` is used. What a failure means is read from pip's output
and turned into one ``BundleError``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .platforms import Target

KIT = "community-1234-kit"
# The optional groups a training room uses: notebooks and dashboard, experiments, workshop, printables.
EXTRAS = ("lab", "experiments", "workshop", "print")
WHEEL_NAME = re.compile(r"^community_1234_kit-(?P<version>[0-9][0-9A-Za-z.+!]*)-py3-none-any\.whl$")
RUNNER = Path(__file__).with_name("pip_for_target.py")
# What is no part of a build: version control, environments, outputs, caches.
NOT_SOURCE = (".git", ".venv", "venv", "build", "dist", "report", "test-artifacts", "out", "*.egg-info")
NOT_SOURCE += ("__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis", "node_modules", ".ipynb_checkpoints")

# pip's words for a network that cannot be reached (DNS, refused, timeout, proxy, TLS)
_OFFLINE = re.compile(
    r"NewConnectionError|Failed to establish a new connection|name resolution|Name or service not known"
    r"|nodename nor servname|getaddrinfo failed|Network is unreachable|ConnectTimeout|Connection refused"
    r"|ProxyError|connection broken by|Max retries exceeded|SSLError",
    re.IGNORECASE,
)
_MISSING = re.compile(r"No matching distribution found for (?P<requirement>\S+)")
_REQUIRES_PYTHON = re.compile(r"requires a different Python: (?P<detail>[^\n]+)")
_ERROR_LINE = re.compile(r"^ERROR: (?P<detail>.+)$", re.MULTILINE)


@dataclass
class BundleError(Exception):
    """A bundle that cannot be made; ``key`` and ``fields`` word it (``sim.text.bundle``)."""

    key: str
    fields: dict[str, str]


def _project(requirement_text: str) -> str:
    """The normalized project name at the start of a requirement (``scipy>=1.12`` -> ``scipy``)."""
    name = re.match(r"[A-Za-z0-9._-]*", requirement_text)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def pip_failure(output: str, target: Target | None, python: str, log: str = "") -> BundleError:
    """What a failed pip run means, as one BundleError.

    ``output`` is what pip printed, ``log`` its debug log (``--log``), where a page of the
    index that could not be fetched is noted even when pip does not retry. A package is
    missing for the platform only when its page was read: without a network pip reports
    every package as missing.
    """
    platform = target.name if target else ""
    if m := _REQUIRES_PYTHON.search(output):
        return BundleError("bundle.error.requires_python", {"platform": platform, "python": python, **m.groupdict()})
    missing = _MISSING.search(output)
    if missing:
        page = f"/{_project(missing['requirement'])}/"
        unread = any(
            page in line and ("Could not fetch URL" in line or _OFFLINE.search(line))
            for line in (output + "\n" + log).splitlines()
        )
    else:
        unread = bool(_OFFLINE.search(output + log))
    if unread:
        return BundleError("bundle.error.offline", {})
    if missing:
        return BundleError("bundle.error.missing", {"platform": platform, "python": python, **missing.groupdict()})
    errors = _ERROR_LINE.findall(output)
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    detail = (errors or lines or ["?"])[-1][:300]
    if target is None:
        return BundleError("bundle.error.build", {"detail": detail})
    return BundleError("bundle.error.pip", {"platform": platform, "detail": detail})


def _run(cmd: list[str], target: Target | None, python: str) -> None:
    """Run pip's ``cmd`` (its options go after the subcommand); raise a BundleError when it fails."""
    with tempfile.TemporaryDirectory(prefix="community-1234-pip-") as work:
        log = Path(work) / "pip.log"
        proc = subprocess.run(
            [*cmd, "--log", str(log)],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        if proc.returncode != 0:
            logged = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
            raise pip_failure(proc.stdout + "\n" + proc.stderr, target, python, logged)


def _pip_for(target: Target, python: str) -> list[str]:
    """The start of a pip command whose markers, platforms and Python are the target's."""
    markers = json.dumps(target.marker_environment(python))
    return [sys.executable, str(RUNNER), markers]


def target_options(target: Target, python: str) -> list[str]:
    """The options of pip that choose wheels for ``target`` and CPython ``python``, sdists refused."""
    options = ["--only-binary=:all:"]
    for tag in target.tags:
        options += ["--platform", tag]
    nodot = python.replace(".", "")
    return [*options, "--python-version", python, "--implementation", "cp", "--abi", f"cp{nodot}"]


def requirement(kit_wheel: Path) -> str:
    """The kit's wheel with the extras a training room needs, as pip reads it."""
    return f"{kit_wheel.resolve()}[{','.join(EXTRAS)}]"


def quiet() -> list[str]:
    """Options for a pip run in the background: no questions, no progress bars, no self-check."""
    return ["-q", "--no-input", "--progress-bar", "off", "--disable-pip-version-check"]


def download(target: Target, python: str, kit_wheel: Path, dest: Path) -> list[Path]:
    """Download the kit and every dependency as wheels for ``target`` into ``dest``; return them."""
    cmd = [*_pip_for(target, python), "download", *quiet(), *target_options(target, python)]
    _run([*cmd, "--dest", str(dest), requirement(kit_wheel)], target, python)
    wheels = sorted(dest.glob("*.whl"))
    others = [p.name for p in dest.iterdir() if p.suffix != ".whl"]
    if others:  # --only-binary should make this impossible; a bundle with an sdist would not install offline
        raise BundleError("bundle.error.pip", {"platform": target.name, "detail": ", ".join(others)})
    return wheels


def resolve(target: Target, python: str, kit_wheel: Path, scratch: Path) -> list[str]:
    """Resolve the kit's wheels for ``target`` without downloading them; return ``name==version`` of each.

    ``pip install --dry-run`` reads what a wheel needs from the index's metadata files, so
    only a few wheels are fetched; nothing is installed (``--target`` is never written).
    """
    report = scratch / "report.json"
    cmd = [*_pip_for(target, python), "install", "--dry-run", "--ignore-installed", *quiet()]
    cmd += [*target_options(target, python), "--target", str(scratch / "unused"), "--report", str(report)]
    _run([*cmd, requirement(kit_wheel)], target, python)
    installs = json.loads(report.read_text(encoding="utf-8"))["install"]
    return sorted(f"{i['metadata']['name']}=={i['metadata']['version']}" for i in installs)


# ------------------------------------------------------------------------- the kit's own wheel
def checkout() -> Path | None:
    """The source folder of the kit this code runs from, or None when it runs from an installed wheel."""
    root = Path(__file__).resolve().parents[2]
    try:
        project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8")).get("project", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    return root if project.get("name") == KIT else None


def build_wheel(source: Path, work: Path, skip: Path | None = None) -> Path:
    """Build the kit's wheel from ``source`` in ``work``; return it.

    The build runs on a copy, so the checkout gets no ``build/`` or ``*.egg-info`` from it;
    ``skip`` (the output folder, when it lies inside the checkout) is not copied either.
    """
    copy = work / "source"

    def ignore(folder: str, names: list[str]) -> set[str]:
        ignored = set(shutil.ignore_patterns(*NOT_SOURCE)(folder, names))
        if skip is not None:
            ignored |= {n for n in names if (Path(folder) / n).resolve() == skip}
        return ignored

    shutil.copytree(source, copy, ignore=ignore, symlinks=True)
    out = work / "wheel"
    # the path must stay a path: a bare name would be looked up on the index
    cmd = [sys.executable, "-m", "pip", "wheel", *quiet(), "--no-deps", "--wheel-dir", str(out)]
    _run([*cmd, str(copy.resolve())], None, "")
    built = [p for p in out.glob("*.whl") if WHEEL_NAME.match(p.name)]
    if len(built) != 1:
        raise BundleError("bundle.error.build", {"detail": ", ".join(p.name for p in out.iterdir()) or "?"})
    return built[0]


def wheel_version(path: Path) -> str | None:
    """The kit's version when ``path`` is a readable wheel of the kit, else None."""
    m = WHEEL_NAME.match(path.name)
    if not m or not path.is_file() or not zipfile.is_zipfile(path):
        return None
    with zipfile.ZipFile(path) as wheel:
        names = wheel.namelist()
    return m["version"] if any(n.endswith(".dist-info/METADATA") for n in names) else None
