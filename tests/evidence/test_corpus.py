"""Citations checked against a corpus: files, paragraphs (N-th non-blank line), and the CLI's answer."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from realpolitik.cli import main
from realpolitik.errors import ScenarioError
from realpolitik.evidence.corpus import Corpus, check_citations, paragraphs
from realpolitik.scenario import load
from tests.conftest import EXAMPLE, ROOT, SHARED

FIXTURES = ROOT / "tests" / "fixtures"
HARBOUR = FIXTURES / "harbour.yaml"
CORPUS = FIXTURES / "corpus"


def test_paragraphs_are_the_non_blank_lines():
    assert paragraphs("Title\n\n  first  \n\n\nsecond\n") == ("Title", "first", "second")


def test_every_citation_of_the_fixture_is_found():
    checked = check_citations(load(HARBOUR), CORPUS)
    assert checked.sources == ("minutes", "gazette")
    assert checked.citations == 6
    assert checked.paragraphs == 5  # gazette ¶3 is cited twice


def test_a_quote_is_the_cited_paragraph():
    sc = load(HARBOUR)
    assert Corpus(CORPUS).quote(sc, "minutes", 4).startswith("Westhaven asked for a much larger quota")
    assert Corpus(CORPUS).quote(sc, "minutes", 99) is None


def _broken(tmp_path, old: str, new: str):
    path = tmp_path / "harbour.yaml"
    path.write_text(HARBOUR.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return path


def test_a_paragraph_past_the_end_names_source_paragraph_and_entry(tmp_path):
    path = _broken(tmp_path, "source: minutes, paragraph: 5,", "source: minutes, paragraph: 6,")
    with pytest.raises(ScenarioError) as info:
        check_citations(load(path), CORPUS, scenario_file=str(path))
    message = str(info.value)
    assert "source 'minutes' has no paragraph 6" in message
    assert "evidence[3] (north.closure.position)" in message
    assert str(path) in message


def test_a_missing_source_file_is_reported(tmp_path):
    path = _broken(tmp_path, "file: gazette.txt", "file: gone.txt")
    with pytest.raises(ScenarioError, match="source 'gazette': file 'gone.txt' is not in the corpus"):
        check_citations(load(path), CORPUS)


def test_a_file_outside_the_corpus_does_not_count(tmp_path):
    path = _broken(tmp_path, "file: gazette.txt", "file: ../harbour.yaml")
    with pytest.raises(ScenarioError, match="is not in the corpus"):
        check_citations(load(path), CORPUS)


def test_check_corpus_cli_passes_and_lists_inputs_without_evidence():
    result = CliRunner().invoke(main, ["check", str(HARBOUR), "--corpus", str(CORPUS)])
    assert result.exit_code == 0, result.output
    assert "6 citations of 5 paragraphs in 2 sources verified" in result.output
    assert "no evidence: north.capability" in result.output


def test_check_corpus_cli_fails_in_one_line_on_a_broken_citation(tmp_path):
    path = _broken(tmp_path, "source: gazette, paragraph: 2,", "source: gazette, paragraph: 9,")
    result = CliRunner().invoke(main, ["check", str(path), "--corpus", str(CORPUS)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "source 'gazette' has no paragraph 9" in lines[0]


def test_check_corpus_cli_reports_a_missing_corpus(tmp_path):
    result = CliRunner().invoke(main, ["check", str(HARBOUR), "--corpus", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "corpus directory not found" in result.output


def test_the_korea_example_checks_against_the_seeds(tmp_path):
    seeds = SHARED / "seeds"
    if not (seeds.is_dir() and EXAMPLE.is_file()):
        pytest.skip("the Korea example or ../shared/seeds is not available")
    result = CliRunner().invoke(main, ["check", str(EXAMPLE), "--corpus", str(seeds)])
    assert result.exit_code == 0, result.output
    assert "sources verified" in result.output
    sc = load(EXAMPLE)
    cited_file = next(s.file for s in sc.sources if s.file)
    shutil.copytree(seeds, tmp_path / "seeds")
    (tmp_path / "seeds" / cited_file).write_text("only one line\n", encoding="utf-8")
    broken = CliRunner().invoke(main, ["check", str(EXAMPLE), "--corpus", str(tmp_path / "seeds")])
    assert broken.exit_code == 2
    assert "has no paragraph" in broken.output
