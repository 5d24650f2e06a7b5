"""The one exception hierarchy of realpolitik.

Every error the library raises on purpose derives from :class:`RealpolitikError`.
The CLI turns these into a one-line message and exit code 2 (bad input).
"""

from __future__ import annotations


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters escaped (``\\n``), so that an
    echoed id or cell can never start a line of its own in a message."""
    return "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii") for c in text)


class RealpolitikError(Exception):
    """Base class of all errors realpolitik raises deliberately."""


class ScenarioError(RealpolitikError):
    """A scenario file (or in-memory scenario) is invalid.

    The message names the file, the place in it (row, field) and the problem.
    """

    def __init__(self, problem: str, *, file: str | None = None, place: str | None = None):
        self.file = file
        self.place = place
        self.problem = problem
        parts = [p for p in (file, place) if p]
        super().__init__(one_line(": ".join([*parts, problem])))


class ParameterError(RealpolitikError):
    """A model or analysis was given a bad parameter (names model, parameter and value)."""


class ModelNotApplicable(RealpolitikError):
    """A model cannot run on this scenario (e.g. it needs a status quo the scenario lacks)."""


class MissingExtraError(RealpolitikError):
    """An optional dependency is not installed; the message says how to install it."""

    def __init__(self, package: str, extra: str):
        super().__init__(
            f"this feature needs the optional package '{package}': "
            f"pip install 'realpolitik[{extra}]'"
        )


class ClusterError(RealpolitikError):
    """A Dask cluster could not be reached, lacks what the run needs, or could not finish it.

    The message names the scheduler's address and the part of the work that failed.
    """
