"""Reports: plot data computed once (``plotdata``), matplotlib renderings (``plots``) and the HTML report."""

from .collect import ReportData, collect
from .html import render

__all__ = ["ReportData", "collect", "render"]
