"""End-to-end figures of the command line: start, Monte Carlo runs and what a stored run costs.

Run: ``python benchmarks/bench_cli.py [--quick] [--realpolitik CMD]``. Each figure is the
CPU time (user + system) and peak memory of a fresh ``realpolitik`` process, best of a
few, printed next to its target and, where known, the peer tool's figure on this kind
of machine. ``--realpolitik`` runs another installation (e.g. an older checkout) the
same way, for before/after tables. Scenarios are generated into a temporary folder:
the emission-standards example (``../shared/data/bdm/emission.csv``, when there) as it
is and with every position uncertain (sd 1), and 50 actors on one issue with every
input uncertain.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "korea-2019.yaml"
EMISSION = ROOT.parent / "shared" / "data" / "bdm" / "emission.csv"
PEER_MONTE_CARLO_S = 14.5  # the peer's 10,000-draw Monte Carlo of the emission case, CPU seconds (issue text)


def measure(cmd: list[str], repeat: int) -> tuple[float, float]:
    """Best CPU seconds and peak resident MB of ``cmd`` run ``repeat`` times (output discarded)."""
    best_cpu, best_mb = float("inf"), float("inf")
    for _ in range(repeat):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"failed: {shlex.join(cmd)}")
        best_cpu = min(best_cpu, usage.ru_utime + usage.ru_stime)
        best_mb = min(best_mb, usage.ru_maxrss / 1024)
    return best_cpu, best_mb


def line(label: str, cpu: float, mb: float, target: str, peer: str = "") -> None:
    print(f"{label:<72} {cpu:7.2f} s CPU {mb:7.0f} MB   target {target}{'   peer ' + peer if peer else ''}",
          flush=True)


def uncertain_copy(source: Path, out: Path) -> Path:
    """``source`` as YAML with every position uncertain (sd 1)."""
    from realpolitik import load
    from realpolitik.scenario import yaml_io

    data = yaml.safe_load(yaml_io.dumps(load(source)))
    for stances in data["positions"].values():
        for stance in stances.values():
            stance["position"] = {"value": stance["position"], "sd": 1.0}
    out.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return out


def generated_file(n: int, out: Path) -> Path:
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_montecarlo import generated

    from realpolitik.scenario import yaml_io

    out.write_text(yaml_io.dumps(generated(n, 1, seed=2)), encoding="utf-8")
    return out


def store_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run each; 1,000 draws for 50 actors")
    parser.add_argument("--realpolitik", default="realpolitik", help="the command to run (default: realpolitik)")
    args = parser.parse_args()
    rp = shlex.split(args.realpolitik)
    repeat = 1 if args.quick else 3
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        line("realpolitik --help", *measure([*rp, "--help"], repeat), "0.3 s")
        line("forecast korea-2019.yaml -m mean --no-store",
             *measure([*rp, "forecast", str(EXAMPLE), "-m", "mean", "--no-store"], repeat), "0.5 s")
        if EMISSION.exists():
            emission_u = uncertain_copy(EMISSION, tmp_path / "emission-uncertain.yaml")
            for label, file in (("emission as given (no uncertain input)", EMISSION),
                                ("emission, positions uncertain (sd 1)", emission_u)):
                cpu, mb = measure([*rp, "forecast", str(file), "-m", "mean,median,eum", "--draws", "10000",
                                   "--seed", "1", "--no-store"], repeat)
                line(f"10,000 draws mean+median+eum, {label}", cpu, mb, "0.5 s (30× the peer)",
                     f"{PEER_MONTE_CARLO_S} s ({PEER_MONTE_CARLO_S / cpu:.0f}× ours)")
        else:
            print(f"{EMISSION} not found: emission runs skipped")
        draws = "1000" if args.quick else "10000"
        big = generated_file(50, tmp_path / "generated-50.yaml")
        store = tmp_path / "runs.sqlite"
        for flag in (["--no-store"], ["--store", str(store)]):
            cpu, mb = measure([*rp, "forecast", str(big), "-m", "eum", "--draws", draws, "--seed", "1", *flag], 1)
            where = "not stored" if flag[0] == "--no-store" else f"stored: +{store_size(store) / 1e6:.2f} MB store"
            line(f"eum {draws} draws × 50 actors, {where}", cpu, mb, "400 MB; a few MB per stored run")


if __name__ == "__main__":
    main()
