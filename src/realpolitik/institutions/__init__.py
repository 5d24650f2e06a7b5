"""Decision rules as geometry: win-sets of the status quo under an issue's rule.

Below the models (the procedural model and ``--rules`` use it), above the scenario.
"""
