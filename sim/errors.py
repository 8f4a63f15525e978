"""Errors that are the user's to fix (bad scenario files, bad values, bad CLI use)."""

from .text import render


class ScenarioError(ValueError):
    """A scenario, parameter value or input file that cannot be used.

    The message names the field and what is allowed; the command line prints it
    without a traceback and exits with status 2, in Chinese when a Chinese text is given.
    Build one from the table of texts with ``ScenarioError.keyed``.

    Args:
        message: the English text (also ``str(error)``).
        zh: the same in Chinese, when there is one.
    """

    def __init__(self, message: str, zh: str | None = None):
        super().__init__(message)
        self.zh = zh

    @classmethod
    def keyed(cls, key: str, /, **values) -> "ScenarioError":
        """The error whose texts are ``key`` in ``sim.text``, placeholders filled from ``values``.

        A value that is a ``sim.text.Part`` is rendered in each language in turn.
        """
        return cls(render(key, "en", **values), render(key, "zh", **values))

    @classmethod
    def in_both(cls, text) -> "ScenarioError":
        """The error whose message in each language is ``text(lang)`` (a function of "en" or "zh").

        For messages built from keys that ``keyed`` cannot say in one go: those holding a
        text in the message's own language or a listing cut to the length of a line.
        """
        return cls(text("en"), text("zh"))

    def text(self, lang: str) -> str:
        """The message in ``lang`` ("zh" or "en"); English when no Chinese text exists."""
        return self.zh if lang == "zh" and self.zh else str(self)

    def prefixed(self, where: str) -> "ScenarioError":
        """The same error with ``where`` (e.g. a file name) in front, in both languages.

        It keeps its class and attributes, so a caller can still tell a damaged file or a
        workshop refusal from any other error.
        """
        err = type(self).__new__(type(self))
        err.__dict__.update(vars(self))  # the subclass's attributes (a workshop refusal's status …)
        ScenarioError.__init__(err, f"{where}{self}", f"{where}{self.zh}" if self.zh else None)
        return err
