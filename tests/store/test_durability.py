"""A writer killed mid-transaction leaves nothing behind; concurrent writers all land."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap

from realpolitik.store import RunStore

from .test_runs import new_run

WRITER = textwrap.dedent("""
    import sys, time
    from realpolitik.store import NewRun, RunStore
    from realpolitik.store import runs

    def run(seed):
        result = {"model": "mean", "params": {}, "issues": ["i0"], "forecast": [1.0], "draws": [[1.0]]}
        return NewRun(command="forecast", scenario_file="s.yaml", scenario=b"x" * 100_000 + str(seed).encode(),
                      invocation={"params": {"seed": seed}, "scenario_param": "file", "outputs": []},
                      versions={}, seed=seed, results=[result])

    path, mode, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if mode == "stall":
        insert = runs._insert_results

        def stalled(con, run_id, results):
            insert(con, run_id, results)
            print("inside the transaction", flush=True)
            time.sleep(120)

        runs._insert_results = stalled
    print("ready", flush=True)
    sys.stdin.readline()
    for n in range(count):
        RunStore(path).save(run(1000 * int(mode == "second") + n))
""")


def _writer(path, mode: str, count: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), mode, str(count)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    return proc


def test_a_writer_killed_mid_run_leaves_no_partial_record_and_no_corruption(tmp_path):
    path = tmp_path / "runs.sqlite"
    store = RunStore(path)
    kept = store.save(new_run(seed=1))
    proc = _writer(path, "stall", 1)
    proc.stdin.write("go\n")
    proc.stdin.flush()
    assert proc.stdout.readline().strip() == "inside the transaction"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT COUNT(*) FROM results").fetchone()[0] == 1
        assert con.execute("SELECT COUNT(*) FROM scenarios").fetchone()[0] == 1
    assert [r["id"] for r in store.summaries()] == [kept]
    after = store.save(new_run(seed=2))
    assert store.get(after).seed == 2


def test_two_writers_at_once_both_land(tmp_path):
    path = tmp_path / "runs.sqlite"
    RunStore(path).summaries()  # create the store before the race
    writers = [_writer(path, mode, 15) for mode in ("first", "second")]
    for proc in writers:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in writers:
        proc.stdin.close()
        assert proc.wait(timeout=60) == 0
    seeds = sorted(r["seed"] for r in RunStore(path).summaries())
    assert seeds == list(range(15)) + list(range(1000, 1015))
