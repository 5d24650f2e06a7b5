"""The run store: an embedded SQLite database of every recorded run."""

from .compact import stored_draws, stored_result
from .location import ENV_VAR, default_store_path, store_path
from .runs import NewRun, RunStore, StoredRun, base_layout, dumps_json, lay_out, scenario_hash

__all__ = ["ENV_VAR", "NewRun", "RunStore", "StoredRun", "base_layout", "default_store_path", "dumps_json", "lay_out",
           "scenario_hash", "store_path", "stored_draws", "stored_result"]
