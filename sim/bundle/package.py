"""One bundle as a zip: the install scripts and README for its target, the wheels, one top folder.

The scripts are Jinja2 templates (``templates/``) filled with the kit's version, the
Python version and the lines they print, in Chinese and English (``sim.text.bundle``).
Windows files get CRLF line ends, and PowerShell's a UTF-8 byte order mark, which
Windows PowerShell 5.1 needs to read Chinese; ``install.bat`` switches its console to
UTF-8 (``chcp 65001``) before printing any.

The zip is written next to its final name and renamed when complete, so a zip of that
name is never half written.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shlex
import time
import zipfile
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import jinja2

from ..i18n import t
from .platforms import Target
from .resolve import EXTRAS, KIT

LANGS = ("zh", "en")
SCRIPT_LINES = (
    "not_unzipped",
    "find_python",
    "no_python",
    "venv",
    "installing",
    "failed",
    "done",
    "press_enter",
    "start_lab",
    "start_dashboard",
    "launchers",
)
POSIX_KIT = "~/community-1234"
EXECUTABLE = 0o100755 << 16  # a regular file with rwxr-xr-x, in a zip entry's external attributes
_BAT_SPECIAL = "^&|<>()"


# ---------------------------------------------------------------------- quoting for each script
def sh_words(value: str | tuple[str, ...]) -> str:
    """``value`` (a text or a (zh, en) pair) as POSIX shell words, each quoted."""
    return " ".join(shlex.quote(s) for s in ((value,) if isinstance(value, str) else value))


def ps_strings(value: str | tuple[str, ...], joiner: str | None = None) -> str:
    """``value`` as PowerShell single-quoted strings, a list; ``joiner`` makes the pair one string."""
    texts = (value,) if isinstance(value, str) else tuple(value)
    if joiner is not None:
        texts = (joiner.join(texts),)
    return ", ".join("'" + s.replace("'", "''") + "'" for s in texts)


def bat_echo(value: str | tuple[str, ...], indent: str = "") -> str:
    """``echo`` lines of a batch file that print ``value`` (a text or a (zh, en) pair) as it is.

    Raises:
        ValueError: for a double quote, after which cmd would print the carets themselves.
    """
    lines = []
    for text in (value,) if isinstance(value, str) else value:
        if '"' in text:
            raise ValueError(f"a double quote cannot be echoed safely: {text!r}")
        escaped = "".join("^" + c if c in _BAT_SPECIAL else "%%" if c == "%" else c for c in text)
        lines.append(f"{indent}echo {escaped}" if escaped else f"{indent}echo.")
    return "\n".join(lines)


def _environment() -> jinja2.Environment:
    # scripts and plain text, not HTML: nothing to escape for a browser
    env = jinja2.Environment(
        autoescape=False, keep_trailing_newline=True, undefined=jinja2.StrictUndefined, trim_blocks=False
    )
    env.filters.update(sh=sh_words, ps=ps_strings, bat=bat_echo)
    return env


def _template(name: str) -> str:
    return (resources.files("sim.bundle") / "templates" / name).read_text(encoding="utf-8")


# ---------------------------------------------------------------------- the files of a bundle
def folder_name(target: Target, python: str, version: str) -> str:
    """The bundle's top folder, and its zip's name without ``.zip``."""
    return f"community-1234-kit-{version}-py{python.replace('.', '')}-{target.name}"


def install_requirement(version: str) -> str:
    """What the install scripts ask pip for: this very version of the kit, with its extras."""
    return f"{KIT}[{','.join(EXTRAS)}]=={version}"


def _pair(key: str, **fields: str) -> tuple[str, str]:
    zh, en = (t(key, lang, **fields) for lang in LANGS)
    return zh, en


def _readme(target: Target, python: str, version: str) -> str:
    windows = target.system == "windows"
    system = "windows" if windows else "posix"
    shown = target.name if target.name == target.tag else f"{target.name} ({target.tag})"
    text: dict[str, dict[str, str]] = {}
    for lang in LANGS:
        kit = t("bundle.readme.kit", lang) if windows else POSIX_KIT
        lines = {
            "title": t("bundle.readme.title", lang),
            "target": t("bundle.readme.for", lang, platform=shown, python=python, version=version),
            "python": t(f"bundle.readme.python.{target.system}", lang, python=python),
            "unzip": t("bundle.readme.unzip", lang),
            "run": t(f"bundle.readme.run.{system}", lang),
            "where": t("bundle.readme.where", lang, kit=kit),
            "start": t(f"bundle.readme.start.{system}", lang, kit=kit, command=f"{POSIX_KIT}/venv/bin/community-1234"),
            "uninstall": t("bundle.readme.uninstall", lang, kit=kit),
        }
        for name, line in lines.items():
            text.setdefault(name, {})[lang] = line
    return _environment().from_string(_template("README.txt")).render(langs=LANGS, text=text)


def bundle_files(target: Target, python: str, version: str) -> dict[str, tuple[bytes, bool]]:
    """The files of a bundle besides its wheels: path in the folder -> (content, executable)."""
    major, minor = python.split(".")
    fields = {
        "version": version,
        "python": python,
        "major": major,
        "minor": minor,
        "platform": target.name,
        "requirement": install_requirement(version),
        "launcher_suffix": ".command" if target.system == "mac" else ".sh",
        "m": {name: _pair(f"bundle.script.{name}", python=python) for name in SCRIPT_LINES},
    }
    env = _environment()

    def fill(name: str, **more: str) -> str:
        return env.from_string(_template(name)).render(**fields, **more)

    readme = _readme(target, python, version)
    if target.system != "windows":
        return {"install.sh": (fill("install.sh").encode(), True), "README.txt": (readme.encode(), False)}

    def windows(text: str, bom: bool = False) -> bytes:
        crlf = text.replace("\r\n", "\n").replace("\n", "\r\n")
        return ("\ufeff" if bom else "").encode() + crlf.encode()

    files = {
        "install.bat": (windows(fill("install.bat")), False),
        "install.ps1": (windows(fill("install.ps1"), bom=True), False),
        # Notepad before Windows 10 reads UTF-8 only with a byte order mark
        "README.txt": (windows(readme, bom=True), False),
    }
    for command in ("lab", "dashboard"):
        files[f"launchers/start-{command}.bat"] = (windows(fill("start.bat", command=command)), False)
    return files


# ---------------------------------------------------------------------- the zip
def write_zip(path: Path, folder: str, files: dict[str, tuple[bytes, bool]], wheels: Iterable[Path]) -> int:
    """Write the bundle to ``path`` (through a temporary file, renamed when complete); return its size.

    Wheels are zips already and are stored as they are; the text files are compressed.
    """
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    # a new file with the permissions the user's umask gives (mkstemp would make it private)
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    try:
        with zipfile.ZipFile(tmp, "w", allowZip64=True) as archive:
            now = time.localtime()[:6]
            for rel, (content, executable) in sorted(files.items()):
                info = zipfile.ZipInfo(f"{folder}/{rel}", date_time=now)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = EXECUTABLE if executable else 0o100644 << 16
                archive.writestr(info, content)
            for wheel in sorted(wheels):
                archive.write(wheel, f"{folder}/wheels/{wheel.name}", compress_type=zipfile.ZIP_STORED)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return path.stat().st_size
