"""Speed of ``advise``: the Korea example, every move kind, 1,000 draws, five models.

Run: ``python benchmarks/bench_advise.py [--draws N] [--actor ACTOR] [--models a,b] [--json FILE]``.
Prints the number of candidate moves, the CPU time of each model's runs (all candidates
× draws stacked into one batch per model), the total CPU and wall-clock time, and the
top five moves. CPU time is reported because the machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import realpolitik as rp
from realpolitik.analysis.advise import advise

KOREA = Path(__file__).resolve().parents[1] / "examples" / "korea-2019.yaml"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--draws", type=int, default=1000)
    ap.add_argument("--actor", default="DPRK")
    ap.add_argument("--models", default="mean,median,nash,eum,smp")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", help="also write the advice (top 20) as JSON to this file")
    args = ap.parse_args()
    sc = rp.load(KOREA)
    wall, cpu = time.perf_counter(), time.process_time()
    advice = advise(sc, args.actor, args.models.split(","), draws=args.draws, seed=args.seed)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"Korea, {args.actor}: {advice.candidates} candidate moves × {advice.draws} draws, seed {args.seed}")
    print(f"{'model':<8} {'CPU s':>9}")
    for model, seconds in advice.cpu_seconds.items():
        print(f"{model:<8} {seconds:>9.2f}")
    print(f"{'total':<8} {cpu:>9.2f}   (wall clock {wall:.2f} s)")
    for n, r in enumerate(advice.top(5), 1):
        print(f"{n}. [{r.label}] {r.sentence}")
    if args.json:
        out = advice.to_dict(20)
        out.update(total_cpu_s=cpu, wall_s=wall)
        Path(args.json).write_text(json.dumps(out, indent=1, allow_nan=False))


if __name__ == "__main__":
    main()
