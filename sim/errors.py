"""Errors that are the user's to fix (bad scenario files, bad values, bad CLI use)."""


class ScenarioError(ValueError):
    """A scenario, parameter value or input file that cannot be used.

    The message names the field and what is allowed; the command line prints it
    without a traceback and exits with status 2.
    """
