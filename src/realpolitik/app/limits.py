"""How much one request may ask of the server: upload size, scenario size and draws."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import RealpolitikError
from ..scenario import Scenario


class LimitError(RealpolitikError):
    """A request over one of the server's limits."""


@dataclass(frozen=True)
class Limits:
    """The server's limits (``realpolitik serve`` uses the defaults)."""

    max_bytes: int = 5_000_000
    max_actors: int = 500
    max_issues: int = 200
    max_draws: int = 20_000
    max_cells: int = 20_000_000  # actors × issues × draws in one run
    max_samples: int = 4096  # sensitivity samples

    def check_scenario(self, sc: Scenario) -> None:
        if len(sc.actors) > self.max_actors:
            raise LimitError(f"{len(sc.actors)} actors: this server takes at most {self.max_actors}")
        if len(sc.issues) > self.max_issues:
            raise LimitError(f"{len(sc.issues)} issues: this server takes at most {self.max_issues}")

    def check_run(self, sc: Scenario, draws: int) -> None:
        self.check_scenario(sc)
        if draws > self.max_draws:
            raise LimitError(f"{draws} draws: this server takes at most {self.max_draws}")
        cells = len(sc.actors) * len(sc.issues) * draws
        if cells > self.max_cells:
            raise LimitError(f"actors × issues × draws = {cells}: this server takes at most {self.max_cells} "
                             "(fewer draws?)")
