"""Typesetting the printed documents with typst, and writing them all or nothing.

typst (the ``typst`` wheel: the engine compiled in, no system libraries) sets each
document from ``templates/kit.typ`` and the markup ``sim.printables.documents`` makes.
It is given only the Noto Sans CJK SC files that ``mpl-font`` installs and the fonts
typst carries itself; system fonts are ignored, so a PDF looks the same on every
machine, and every font it uses is embedded. The documents are built in a temporary
folder next to their destination and renamed into place only when all of them have
been built.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from ..i18n import t
from .documents import Document
from .markdown import string

TEMPLATE = "kit.typ"
FONT_FAMILY = "Noto Sans CJK SC"
FONT_FILES = ("NotoSansCJKsc-Regular.otf", "NotoSansCJKsc-Bold.otf")
_PAGES = "kit-pages"  # the label of the page count the template records


class FontsMissing(RuntimeError):
    """The Noto Sans CJK SC files of ``mpl-font`` are not installed."""


class TypesetError(RuntimeError):
    """typst could not set a document; the message names the document and typst's reason."""


@dataclass(frozen=True)
class Printed:
    """A PDF that was written: where, how many pages, how many bytes."""

    path: Path
    pages: int
    size: int


def font_folder() -> Path:
    """Return the folder of the Noto Sans CJK SC files that ``mpl-font`` installs.

    The package is found without importing it: importing ``mpl_font`` changes
    matplotlib's settings as a side effect.

    Raises:
        FontsMissing: when the package or its Regular and Bold files are not there.
    """
    spec = importlib.util.find_spec("mpl_font")
    for root in (spec.submodule_search_locations or []) if spec else []:
        folder = Path(root) / "fonts" / "noto"
        if all((folder / name).is_file() for name in FONT_FILES):
            return folder
    raise FontsMissing(FONT_FAMILY)


def template() -> Traversable:
    """Return the typst template every document imports."""
    return resources.files(__package__) / "templates" / TEMPLATE


def source(document: Document, lang: str) -> str:
    """Return the typst source of ``document``: the template's page style around its body."""
    flipped = "true" if document.flipped else "false"
    return (
        f'#import "{TEMPLATE}": *\n'
        f"#show: printed.with(lang: {string(lang)}, title: {string(document.title)}, "
        f"course: {string(t('print.doc.course', lang))}, flipped: {flipped})\n\n"
        f"{document.body}\n\n"
        f"#context [#metadata(counter(page).final().first()) <{_PAGES}>]\n"
    )


class Typesetter:
    """Sets documents as PDF with the bundled fonts only (one font scan for all of them)."""

    def __init__(self) -> None:
        import typst

        self._typst = typst
        self._fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=[font_folder()])

    def pdf(self, folder: Path, document: Document, lang: str) -> Printed:
        """Write ``document`` as ``folder/<name>.pdf`` (with the template already in ``folder``).

        Raises:
            TypesetError: when typst cannot set the document.
        """
        main = folder / f"{document.name}.typ"
        main.write_text(source(document, lang), encoding="utf-8")
        compiler = self._typst.Compiler(input=main, root=folder, font_paths=self._fonts, ignore_system_fonts=True)
        out = folder / f"{document.name}.pdf"
        try:
            compiler.compile(output=out, format="pdf")
            pages = int(compiler.query(f"<{_PAGES}>", field="value", one=True))
        except self._typst.TypstError as exc:
            raise TypesetError(document.name, exc.message) from exc
        main.unlink()
        return Printed(out, pages, out.stat().st_size)


def _make_folder(folder: Path) -> list[Path]:
    """Create ``folder`` and any missing parents; return those created, outermost first."""
    missing = []
    for path in (folder, *folder.parents):
        if path.exists():
            break
        missing.append(path)
    folder.mkdir(parents=True, exist_ok=True)
    return missing[::-1]


def write(documents: list[Document], target: Path, lang: str) -> list[Printed]:
    """Set ``documents`` and put them into ``target``, all of them or none.

    They are built in a hidden temporary folder inside ``target`` and renamed into
    place once every one is done; folders this call created are removed again if
    anything fails.

    Raises:
        OSError: when ``target`` cannot be written.
        TypesetError: when a document cannot be set.
    """
    setter = Typesetter()
    created = _make_folder(target)
    try:
        with tempfile.TemporaryDirectory(dir=target, prefix=".print-") as tmp:
            staging = Path(tmp)
            (staging / TEMPLATE).write_bytes(template().read_bytes())
            built = [setter.pdf(staging, d, lang) for d in documents]
            placed = []
            for item in built:
                final = target / item.path.name
                os.replace(item.path, final)
                placed.append(Printed(final, item.pages, item.size))
            return placed
    except BaseException:
        for path in reversed(created):
            shutil.rmtree(path, ignore_errors=True)
        raise
