"""Scenarios: the schema, loaders and importers, validation and batch-first arrays."""

from . import csv_io, decide_io, ktab_io, yaml_io
from .arrays import ScenarioArrays
from .formats import Format, formats, load, parse, register_format
from .model import Actor, Evidence, Issue, OutsideOption, Scenario, Source, Stance
from .rules import DecisionRule
from .stages import PositionShift, Stage
from .values import Uncertain, ValuePath

register_format(Format("yaml", "realpolitik YAML", yaml_io.sniff, yaml_io.parse, (".yaml", ".yml")))
register_format(Format("csv", "long CSV (actor,issue,capability,position,salience)", csv_io.sniff, csv_io.parse,
                       (".csv",)))
register_format(Format("decide", "Decide tagged rows (#A, #P, #M, #D)", decide_io.sniff, decide_io.parse))
register_format(Format("ktab-csv", "KTAB spatial-model CSV", ktab_io.sniff_csv, ktab_io.parse_csv))
register_format(Format("ktab-xml", "KTAB spatial-model XML", ktab_io.sniff_xml, ktab_io.parse_xml, (".xml",)))

__all__ = [
    "Actor", "DecisionRule", "Evidence", "Format", "Issue", "OutsideOption", "Scenario", "ScenarioArrays", "Source",
    "PositionShift", "Stage", "Stance", "Uncertain", "ValuePath", "formats", "load", "parse", "register_format",
]
