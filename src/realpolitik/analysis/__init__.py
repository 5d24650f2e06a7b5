"""Analyses on top of the models: Monte Carlo, what-ifs, shocks, sensitivity, leverage and more."""
