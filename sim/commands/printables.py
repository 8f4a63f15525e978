"""The command ``print``: printable A4 PDFs built from the lesson sources."""

from __future__ import annotations

import argparse
import errno
import importlib.util
import time
from pathlib import Path

from ..i18n import t
from ..inputs import shown_path
from .options import UsageError

NEEDS = ("typst", "mistune")  # the optional group "print": the typesetter and the Markdown parser


def add_arguments(parser: argparse.ArgumentParser, lang: str) -> None:
    """The options of ``print``."""
    parser.epilog = t("cli.print.epilog", lang)
    parser.add_argument("--out", required=True, metavar="DIR", help=t("cli.print.out", lang))


# The reasons a folder cannot be written that people meet, said in their language.
_WHY = {
    errno.EACCES: "print.why.permission",
    errno.EPERM: "print.why.permission",
    errno.ENOTDIR: "print.why.not_folder",
    errno.EROFS: "print.why.read_only",
    errno.ENOSPC: "print.why.full",
}


def _size(n: int) -> str:
    return f"{n / 1024:,.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"


def _target(raw: str, lang: str) -> Path:
    """The folder ``--out`` names, checked before anything is built.

    Raises:
        UsageError: when it (or the language folder in it) is a file.
    """
    out = Path(raw).expanduser()
    for path in (out, out / lang):
        if path.exists() and not path.is_dir():
            raise UsageError(t("print.error.not_folder", lang, path=shown_path(path)))
    return out


def cmd_print(args: argparse.Namespace, lang: str) -> int:
    """Run ``print``: build the PDFs of ``lang`` into ``--out``/<lang>/ and list them with their pages."""
    for package in NEEDS:
        if importlib.util.find_spec(package) is None:
            raise UsageError(t("print.error.missing", lang, package=package))
    out = _target(args.out, lang)

    from ..course import CourseNotFound
    from ..printables import build
    from ..printables.markdown import SourceError
    from ..printables.typeset import FontsMissing, TypesetError

    started = time.perf_counter()
    try:
        printed = build(out, lang)
    except SourceError as exc:
        raise UsageError(t("print.error.source", lang, why=exc.what)) from None
    except CourseNotFound as exc:
        raise UsageError(t("print.error.source", lang, why=exc.where)) from None
    except FontsMissing:
        raise UsageError(t("print.error.fonts", lang)) from None
    except TypesetError as exc:
        name, why = exc.args
        raise UsageError(t("print.error.typeset", lang, name=name, why=why)) from None
    except OSError as exc:
        where = exc.filename or out
        why = t(_WHY[exc.errno], lang) if exc.errno in _WHY else exc.strerror or exc
        raise UsageError(t("print.error.write", lang, path=shown_path(where), why=why)) from None
    width = max(len(item.path.name) for item in printed)
    for item in printed:
        word = t("print.page" if item.pages == 1 else "print.pages", lang)
        name = item.path.name.ljust(width)
        print(t("print.file", lang, name=name, pages=item.pages, pages_word=word, size=_size(item.size)))
    seconds = f"{time.perf_counter() - started:.1f}"
    print(t("print.done", lang, count=len(printed), folder=out / lang, seconds=seconds), flush=True)
    return 0
