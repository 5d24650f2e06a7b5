"""Hostile input: special files, sizes, numbers beyond what models compute with, extends outside
the folder, merge keys, bad dates, and random damage to valid files."""

from __future__ import annotations

import os
import re
import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from realpolitik.errors import ScenarioError
from realpolitik.scenario import load, parse
from realpolitik.scenario.numbers import MAX_POSITION, to_number
from realpolitik.scenario.reading import read_bytes
from tests.conftest import ROOT

MINI = ROOT / "tests" / "fixtures" / "mini.yaml"
BASE = """format_version: 1
actors:
  - {id: A, capability: CAP}
  - {id: B, capability: 2}
issues:
  - {id: x, status_quo: 50, scale: SCALE}
positions:
  A: {x: {position: 10, salience: 1}}
  B: {x: {position: 90, salience: 1}}
"""


def doc(cap: str = "1", scale: str = "[0, 100]") -> str:
    return BASE.replace("CAP", cap).replace("SCALE", scale)


def test_the_loader_keeps_the_exact_bytes_it_read(tmp_path):
    raw = MINI.read_bytes()
    sc = load(MINI)
    assert sc.loaded_files == ((str(MINI), raw),)
    assert sc == sc.replace(loaded_files=())  # kept out of equality


def test_extends_bases_are_kept_after_the_file(tmp_path):
    (tmp_path / "base.yaml").write_text(doc(), encoding="utf-8")
    (tmp_path / "child.yaml").write_text("extends: base.yaml\ntitle: child\n", encoding="utf-8")
    sc = load(tmp_path / "child.yaml")
    assert [os.path.basename(p) for p, _ in sc.loaded_files] == ["child.yaml", "base.yaml"]
    assert sc.loaded_files[1][1] == (tmp_path / "base.yaml").read_bytes()


def test_extends_outside_the_folder_is_refused_unless_allowed(tmp_path):
    (tmp_path / "base.yaml").write_text(doc(), encoding="utf-8")
    (tmp_path / "sub").mkdir()
    child = tmp_path / "sub" / "child.yaml"
    child.write_text("extends: ../base.yaml\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="outside the scenario's folder") as err:
        load(child)
    assert err.value.file == str(child)
    assert "format_version" not in str(err.value)  # nothing of the other file is shown
    assert load(child, allow_outside=True).title is None
    absolute = tmp_path / "sub" / "abs.yaml"
    absolute.write_text(f"extends: {tmp_path / 'base.yaml'}\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="outside"):
        load(absolute)


def test_a_problem_in_a_base_names_the_base(tmp_path):
    (tmp_path / "base.yaml").write_text(doc(cap="-1"), encoding="utf-8")
    (tmp_path / "child.yaml").write_text("extends: base.yaml\ntitle: c\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load(tmp_path / "child.yaml")
    assert err.value.file.endswith("base.yaml") and err.value.place == "actors.A.capability"


@pytest.mark.parametrize("path, problem", [("/dev/zero", "character device"), ("/dev/null", "character device")])
def test_devices_are_refused_without_reading(path, problem):
    if not os.path.exists(path):
        pytest.skip(f"{path} is absent here")
    with pytest.raises(ScenarioError, match=problem):
        load(path)


def test_a_fifo_without_a_writer_does_not_block(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    start = time.monotonic()
    with pytest.raises(ScenarioError, match="nothing was written"):
        load(fifo)
    assert time.monotonic() - start < 30


def test_a_fifo_with_a_writer_is_read(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    text = MINI.read_bytes()

    def write() -> None:
        with open(fifo, "wb") as fh:
            fh.write(text)

    writer = threading.Thread(target=write)
    writer.start()
    time.sleep(0.2)
    sc = load(fifo)
    writer.join()
    assert sc.loaded_files[0][1] == text


def test_the_size_limit_applies_while_reading(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * 5000)
    with pytest.raises(ScenarioError, match="larger than"):
        read_bytes(big, limit=1000)


@pytest.mark.parametrize("field", ["capability: CAP", "scale: SCALE"])
def test_an_integer_too_large_for_a_float_has_one_message(field):
    huge = "1" + "0" * 400
    text = doc(cap=huge) if "CAP" in field else doc(scale=f"[0, {huge}]")
    with pytest.raises(ScenarioError, match="too large for a number") as err:
        parse(text, "s.yaml")
    assert err.value.place == "line 3" if "CAP" in field else "line 6"


@pytest.mark.parametrize("text", ["1" + "0" * 400, "-" + "9" * 330])
def test_every_text_loader_uses_the_same_message(text):
    with pytest.raises(ScenarioError, match="too large for a number"):
        parse(f"actor,issue,capability,position,salience\na,x,{text},10,1\n", "s.csv")
    with pytest.raises(ScenarioError, match="too large for a number"):
        to_number(text, "value")


@pytest.mark.parametrize("cap, scale, message", [
    ("1e308", "[0, 100]", "outside the supported range"),
    ("1", "[-1e308, 1e308]", "beyond the limit"),
    ("1", "[0, 1e-300]", "too narrow"),
    ("1", "[1e11, 100000000000.00001]", "too narrow"),
])
def test_magnitudes_beyond_the_limits_are_refused_stating_the_limit(cap, scale, message):
    with pytest.raises(ScenarioError, match=message):
        parse(doc(cap=cap, scale=scale), "s.yaml")


def test_an_sd_beyond_the_limit_is_refused():
    text = doc().replace("position: 10,", "position: {value: 10, sd: 1e308},")
    with pytest.raises(ScenarioError, match="sd 1e\\+308 is beyond the limit"):
        parse(text, "s.yaml")


def test_stage_shifts_are_bounded():
    text = doc() + "stages:\n  - {id: one, shift: {A: {x: 1e308}}}\n  - {id: two, shift: {A: {x: 1e308}}}\n"
    with pytest.raises(ScenarioError, match=re.escape(f"beyond the limit of ±{MAX_POSITION:g}")):
        parse(text, "s.yaml")


def test_merge_keys_are_expanded_and_duplicates_still_caught():
    text = doc().replace("  - {id: B, capability: 2}", "  - &b {id: B, capability: 2}\n  - {<<: *b, id: C}")
    text = text.replace("  B: {x:", "  C: {x: {position: 50, salience: 1}}\n  B: {x:")
    assert parse(text, "s.yaml").actor("C").capability.value == 2
    with pytest.raises(ScenarioError, match="duplicate key 'id'"):
        parse(text.replace("{<<: *b, id: C}", "{<<: *b, id: C, id: D}"), "s.yaml")


def test_a_bad_date_names_its_line():
    with pytest.raises(ScenarioError, match="'2019-13-45' is not a valid date") as err:
        parse(doc() + "date: 2019-13-45\n", "s.yaml")
    assert err.value.place == "line 10"


def test_newlines_in_echoed_text_stay_on_one_line():
    row = '"a\nrealpolitik: error: forged",x,1,50,1\n'
    with pytest.raises(ScenarioError, match="duplicate row") as err:
        parse("actor,issue,capability,position,salience\n" + row + row, "s.csv")
    assert "\n" not in str(err.value) and "a\\nrealpolitik: error: forged" in str(err.value)


def test_many_sources_load_and_a_duplicate_is_named():
    """(How the time grows with the number of sources is measured in benchmarks/bench_limits.py.)"""
    n = 20_000
    head = doc() + "sources:\n"
    text = head + "".join(f"  - {{id: s{k}}}\n" for k in range(n))
    sc = parse(text, "s.yaml")
    assert len(sc.sources) == n
    dup = head + "  - {id: s}\n" * 3
    with pytest.raises(ScenarioError, match="duplicate source id 's'"):
        parse(dup, "s.yaml")


NUMBERS = st.one_of(st.floats(allow_nan=False, allow_infinity=False),
                    st.sampled_from([1.7976931348623157e308, -1.7976931348623157e308, 5e-324, 2.2250738585072014e-308,
                                     1e300, 1e-300, 1e12, 1e13]),
                    st.integers(min_value=-(10**400), max_value=10**400))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cap=NUMBERS, pos=NUMBERS, upper=NUMBERS, sal=NUMBERS)
def test_numbers_near_the_float_limits_load_or_fail_with_one_line(cap, pos, upper, sal):
    """Any number in any field: either a valid scenario within the limits, or one ScenarioError line."""
    for fmt, text in (
        ("s.yaml", doc(cap=repr(cap), scale=f"[0, {upper!r}]").replace("position: 10", f"position: {pos!r}")
         .replace("salience: 1}}\n  B", f"salience: {sal!r}}}}}\n  B")),
        ("s.csv", f"actor,issue,capability,position,salience\na,x,{cap!r},{pos!r},{sal!r}\nb,x,1,50,1\n"),
        ("s.txt", f"#A;a;{cap!r}\n#A;b;1\n#D;a;x;{pos!r};{sal!r};1\n"),
    ):
        try:
            sc = parse(text, fmt, format="decide" if fmt.endswith(".txt") else None)
        except ScenarioError as exc:
            assert "\n" not in str(exc)
            continue
        for issue in sc.issues:
            assert abs(issue.lower) <= MAX_POSITION and abs(issue.upper) <= MAX_POSITION


VALID = MINI.read_text(encoding="utf-8")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_deletions_from_a_valid_file_load_or_fail_with_one_line(data):
    text = VALID
    for _ in range(data.draw(st.integers(1, 4))):
        if not text:
            break
        start = data.draw(st.integers(0, len(text) - 1))
        length = data.draw(st.integers(1, 40))
        text = text[:start] + text[start + length:]
    try:
        parse(text, "mini.yaml")
    except ScenarioError as exc:
        assert str(exc) and "\n" not in str(exc)
