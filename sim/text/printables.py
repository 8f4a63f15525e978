"""The printed materials (``cli.print.*``, ``print.*``).

Each value is ``(zh, en)``; strings may hold ``{placeholders}`` filled in by
``sim.i18n.t``. Pure data: this module imports nothing from the kit.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "cli.print.help": (
        "生成可打印的 A4 PDF：讲义、案例卡、术语表、议程和答案",
        "build printable A4 PDFs: handouts, case cards, glossary, agenda and answer key",
    ),
}
