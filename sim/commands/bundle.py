"""The command ``bundle``: offline install bundles, one zip per platform.

Every option is checked before anything is built or written: an unknown platform, a
malformed ``--python``, a ``--wheel`` that is not the kit's, an ``--out`` that is a file
each give one line and exit status 2 with nothing written. Downloads go to a temporary
folder inside ``--out`` and each zip is renamed into place when complete.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from ..i18n import t
from ..inputs import cut, shown_path
from .options import UsageError

PYTHON = re.compile(r"^3\.\d{1,2}$")


def _this_python() -> str:
    return f"{sys.version_info.major}.{sys.version_info.minor}"


def add_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    """The options of ``bundle``."""
    from ..bundle.platforms import SHORT_NAMES

    parser.epilog = t("cli.bundle.epilog", lang)
    names = ", ".join(SHORT_NAMES)
    parser.add_argument("--out", metavar="DIR", help=t("cli.bundle.arg.out", lang))
    parser.add_argument(
        "--platform",
        action="append",
        default=[],
        metavar="P",
        help=t("cli.bundle.arg.platform", lang, names=names),
    )
    parser.add_argument("--python", metavar="X.Y", help=t("cli.bundle.arg.python", lang, python=_this_python()))
    parser.add_argument("--wheel", metavar="FILE", help=t("cli.bundle.arg.wheel", lang))
    parser.add_argument("--check", action="store_true", help=t("cli.bundle.arg.check", lang))


def _say(text: str) -> None:
    print(text, flush=True)


def _targets(names: list[str], lang: str) -> list:
    from ..bundle.platforms import EXAMPLE_TAGS, SHORT_NAMES, current, target

    examples = ", ".join(EXAMPLE_TAGS)
    if not names:
        here = current()
        if here is None:
            raise UsageError(t("bundle.error.no_platform", lang, examples=examples))
        return [here]
    found = {}
    for name in names:
        chosen = target(name.strip())
        if chosen is None:
            names_text = ", ".join(SHORT_NAMES)
            raise UsageError(t("bundle.error.platform", lang, value=cut(name), names=names_text, examples=examples))
        found.setdefault(chosen.name, chosen)
    return list(found.values())


def _out_folder(raw: str | None, lang: str) -> tuple[Path, bool]:
    """``--out`` as a folder that exists; and whether this run made it."""
    if raw is None:
        raise UsageError(t("bundle.error.no_out", lang))
    out = Path(raw).expanduser()
    if out.exists() and not out.is_dir():
        raise UsageError(t("bundle.error.out_file", lang, path=shown_path(out)))
    made = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
        # a folder that cannot take a file fails here, before anything is downloaded
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as exc:
        if made:
            with contextlib.suppress(OSError):
                out.rmdir()
        raise UsageError(
            t("bundle.error.out_unwritable", lang, path=shown_path(out), why=exc.strerror or exc)
        ) from None
    return out, made


def _given_wheel(raw: str | None, lang: str) -> tuple[Path, str] | None:
    """``--wheel`` and the kit version it holds; None when not given."""
    from ..bundle.resolve import wheel_version

    if raw is None:
        return None
    path = Path(raw).expanduser()
    version = wheel_version(path)
    if version is None:
        raise UsageError(t("bundle.error.wheel", lang, path=shown_path(path)))
    return path.resolve(), version


@contextlib.contextmanager
def _kit_wheel(given: tuple[Path, str] | None, skip: Path | None, lang: str) -> Iterator[tuple[Path, str]]:
    """The kit's wheel and version: the one given, or one built from the checkout for this run."""
    from ..bundle.resolve import build_wheel, checkout, wheel_version

    if given is not None:
        yield given
        return
    source = checkout()
    if source is None:
        raise UsageError(t("bundle.error.no_source", lang))
    _say(t("bundle.building", lang))
    with tempfile.TemporaryDirectory(prefix="community-1234-wheel-") as work:
        wheel = _run(lambda: build_wheel(source, Path(work), skip), lang)
        yield wheel, wheel_version(wheel) or "0"


def _run[T](step: Callable[[], T], lang: str) -> T:
    """Run a step of the bundle; a BundleError becomes a UsageError in ``lang``."""
    from ..bundle.resolve import BundleError

    try:
        return step()
    except BundleError as exc:
        raise UsageError(t(exc.key, lang, **exc.fields)) from None


def _size(nbytes: int) -> str:
    return f"{nbytes / 2**20:.0f} MB"


def cmd_bundle(args: argparse.Namespace, lang: str) -> int:
    """Run ``bundle``: check each platform (``--check``) or write its zip to ``--out``."""
    targets = _targets(args.platform, lang)
    python = (args.python or _this_python()).strip()
    if not PYTHON.match(python):
        raise UsageError(t("bundle.error.python", lang, value=cut(python)))
    given = _given_wheel(args.wheel, lang)
    if args.check:
        with _kit_wheel(given, None, lang) as (wheel, _version):
            return _check(targets, python, wheel, lang)
    out, made = _out_folder(args.out, lang)
    written = False
    try:
        with _kit_wheel(given, out.resolve(), lang) as (wheel, version):
            for target in targets:
                _bundle(target, python, wheel, version, out, lang)
                written = True
    finally:
        if made and not written:
            with contextlib.suppress(OSError):
                out.rmdir()
    return 0


def _bundle(target, python: str, wheel: Path, version: str, out: Path, lang: str) -> None:
    from ..bundle.package import bundle_files, folder_name, write_zip
    from ..bundle.resolve import download

    _say(t("bundle.downloading", lang, platform=target.name, python=python))
    with tempfile.TemporaryDirectory(dir=out, prefix=".bundle-") as work:
        wheels = _run(lambda: download(target, python, wheel, Path(work)), lang)
        folder = folder_name(target, python, version)
        path = out / f"{folder}.zip"
        size = write_zip(path, folder, bundle_files(target, python, version), wheels)
    _say(t("bundle.done", lang, platform=target.name, path=path, size=_size(size), count=len(wheels)))


def _check(targets: list, python: str, wheel: Path, lang: str) -> int:
    """Resolve each platform; print OK or what is missing; 1 when any platform lacks a wheel."""
    from ..bundle.resolve import BundleError, resolve

    failed = False
    for target in targets:
        _say(t("bundle.checking", lang, platform=target.name))
        with tempfile.TemporaryDirectory(prefix="community-1234-check-") as scratch:
            try:
                found = resolve(target, python, wheel, Path(scratch))
            except BundleError as exc:
                if exc.key == "bundle.error.offline":
                    raise UsageError(t(exc.key, lang)) from None
                _say(t(exc.key, lang, **exc.fields))
                failed = True
                continue
        _say(t("bundle.check.ok", lang, platform=target.name, count=len(found)))
    if failed:
        print(t("bundle.check.failed", lang), file=sys.stderr, flush=True)
    return 1 if failed else 0
