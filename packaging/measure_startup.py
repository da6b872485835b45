"""Cold start to first paint: the frozen bundle against ``python -m workbench``, on the demo project.

    python packaging/measure_startup.py [--rounds 7] [--bundle build/dist/workbench/workbench]

Each round starts a fresh process with a fresh settings folder, offscreen, on the same demo project (built
once beforehand), with ``--screenshot-and-quit -``: the app prints one line right after the reading pane's
first paint has been processed (as tests/benchmarks/test_bench_startup.py measures it). The time is the
parent's wall clock from starting the process to reading that line. Prints the medians and the ratio; exits 1
when the bundle takes more than 1.5 times as long as Python.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET = 1.5


def first_paint(cmd: list[str], env: dict[str, str], config: Path) -> float:
    env = {**env, "WORKBENCH_CONFIG_DIR": str(config), "QT_QPA_PLATFORM": "offscreen"}
    err = (config.parent / f"{config.name}.stderr").open("w+")
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    if not select.select([proc.stdout], [], [], 60)[0]:
        proc.kill()
        err.seek(0)
        raise SystemExit(f"{cmd[0]}: no first paint within 60 s; stderr: {err.read()}")
    line = proc.stdout.readline()
    wall = time.perf_counter() - t0
    proc.communicate(timeout=60)
    report = json.loads(line)
    if proc.returncode != 0 or report["documents"] < 1 or report["error"]:
        raise SystemExit(f"{cmd[0]}: bad start-up: {line.strip()} (exit {proc.returncode})")
    return wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--bundle", type=Path, default=ROOT / "build" / "dist" / "workbench" / "workbench")
    parser.add_argument("--python", type=Path, default=Path(sys.executable))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "WORKBENCH_DATA_DIR": str(Path(tmp) / "data")}
        subprocess.run([str(args.python), "-m", "workbench", "screenshot", "--demo", str(Path(tmp) / "demo.png")],
                       env={**env, "QT_QPA_PLATFORM": "offscreen"}, cwd=ROOT, check=True, capture_output=True)
        demo = str(Path(tmp) / "data" / "demo.fcw")
        commands = {"python -m workbench": [str(args.python), "-m", "workbench"], "bundle": [str(args.bundle)]}
        times: dict[str, list[float]] = {name: [] for name in commands}
        for i in range(args.rounds + 1):  # round 0 warms the page cache for both, and is not counted
            for name, cmd in commands.items():
                config = Path(tmp) / f"config-{name.split()[0]}-{i}"
                t = first_paint([*cmd, demo, "--screenshot-and-quit", "-"], env, config)
                if i:
                    times[name].append(t)
    medians = {name: statistics.median(ts) for name, ts in times.items()}
    for name, ts in times.items():
        print(f"{name:22} median {medians[name]:.3f} s  (min {min(ts):.3f}, max {max(ts):.3f}, {len(ts)} rounds)")
    ratio = medians["bundle"] / medians["python -m workbench"]
    print(f"bundle / python: {ratio:.2f} (budget {BUDGET})")
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
