"""The run store: an embedded SQLite database of every recorded run."""

from .compact import stored_draws, stored_result
from .location import ENV_VAR, default_store_path, store_path
from .runs import NewRun, RunStore, StoredRun, dumps_json, scenario_hash

__all__ = ["ENV_VAR", "NewRun", "RunStore", "StoredRun", "default_store_path", "dumps_json", "scenario_hash",
           "store_path", "stored_draws",
           "stored_result"]
