"""Evidence: which inputs rest on which sources, and which rest on none."""

from .coverage import Coverage, coverage

__all__ = ["Coverage", "coverage"]
