"""Memory: peak RSS of the real CLI over 1,000 and 10,000 generated articles.

Runs ``bilat extract CORPUS --format jsonl -o /dev/null`` as a subprocess for each corpus size,
samples its resident memory every 0.2 s (psutil when installed, else /proc/PID/status VmRSS and
VmHWM, summed over any worker processes), and also reads the kernel's own peak for the main
process (``ru_maxrss`` from wait4) when it exits. Memory that stays flat as the input grows ten
times means the CLI streams; the target is a peak under 700 MB.

    python bench/memory.py                      # 1,000 and 10,000 articles
    python bench/memory.py --sizes 1000 --extra-args "--published 2024-01-01"

Nothing is asserted: it prints the peaks, their ratio and the target.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import write_corpus  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
TARGET_MB = 700.0
MB = 1024 * 1024

try:
    import psutil
except ImportError:
    psutil = None


@dataclass
class Run:
    size: int
    seconds: float
    exit_code: int
    peak_rss: int  # bytes: largest sampled RSS of the process tree
    peak_main: int  # bytes: largest sampled RSS of the main process
    hwm: int  # bytes: kernel high-water mark of the main process (VmHWM / ru_maxrss), 0 unknown
    samples: int
    stderr_tail: str


def _children_proc(pid: int) -> list[int]:
    """Descendants of ``pid`` from /proc (Linux), for when psutil is not installed."""
    found: list[int] = []
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children") as f:
                    kids = [int(k) for k in f.read().split()]
            except OSError:
                continue
            found.extend(kids)
            todo.extend(kids)
    return found


def _status_kb(pid: int, *fields: str) -> dict[str, int]:
    values: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, rest = line.partition(":")
                if key in fields:
                    values[key] = int(rest.split()[0]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return values


def sample(pid: int) -> tuple[int, int, int]:
    """(RSS of the tree, RSS of the main process, VmHWM of the main process), in bytes."""
    if psutil is not None:
        try:
            main = psutil.Process(pid)
            rss = main.memory_info().rss
            tree = rss
            for child in main.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    tree += child.memory_info().rss
        except psutil.Error:
            return 0, 0, 0
        hwm = _status_kb(pid, "VmHWM").get("VmHWM", 0)
        return tree, rss, hwm
    status = _status_kb(pid, "VmRSS", "VmHWM")
    rss = status.get("VmRSS", 0)
    tree = rss + sum(_status_kb(c, "VmRSS").get("VmRSS", 0) for c in _children_proc(pid))
    return tree, rss, status.get("VmHWM", 0)


def cli_command() -> list[str]:
    script = Path(sys.executable).with_name("bilat")
    if script.exists():
        return [str(script)]
    found = shutil.which("bilat")
    return [found] if found else [sys.executable, "-m", "bilat"]


def measure(corpus: Path, size: int, interval: float, extra: list[str]) -> Run:
    cmd = [*cli_command(), "extract", str(corpus), "--format", "jsonl", "-o", os.devnull, *extra]
    err_path = OUT / f"memory_{size}.stderr"
    peak_tree = peak_main = hwm = 0
    samples = 0
    start = time.perf_counter()
    with err_path.open("w") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        status = 0
        max_rss_kb = 0
        while True:
            # wait4 reaps the child and returns its kernel peak (ru_maxrss, KiB on Linux).
            done, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if done:
                max_rss_kb = usage.ru_maxrss
                break
            tree, main, main_hwm = sample(proc.pid)
            if tree:
                samples += 1
                peak_tree = max(peak_tree, tree)
                peak_main = max(peak_main, main)
                hwm = max(hwm, main_hwm)
            time.sleep(interval)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped above; tell Popen
    hwm = max(hwm, max_rss_kb * 1024)
    tail = err_path.read_text(errors="replace").strip().splitlines()[-5:]
    return Run(size, seconds, proc.returncode, peak_tree, peak_main, hwm, samples, "\n".join(tail))


def corpus_for(size: int, seed: int) -> Path:
    """The generated corpus of ``size`` articles, written once per size and seed."""
    path = OUT / f"corpus_{size}_{seed}.jsonl"
    if not path.exists():
        write_corpus(path, size, seed)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Peak RSS of `bilat extract` over growing generated corpora.",
        epilog="example: python bench/memory.py --sizes 1000,10000",
    )
    parser.add_argument(
        "--sizes", default="1000,10000", help="comma-separated corpus sizes (default 1000,10000)"
    )
    parser.add_argument("--seed", type=int, default=13, help="corpus seed (default 13)")
    parser.add_argument(
        "--interval", type=float, default=0.2, help="seconds between RSS samples (default 0.2)"
    )
    parser.add_argument(
        "--extra-args",
        default="",
        help="further arguments for `bilat extract`, as one quoted string",
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    extra = shlex.split(args.extra_args)
    OUT.mkdir(parents=True, exist_ok=True)
    source = "psutil" if psutil is not None else "/proc VmRSS/VmHWM"
    print(
        f"command: {shlex.join([*cli_command(), 'extract', 'CORPUS', '--format', 'jsonl'])} "
        f"-o {os.devnull} {shlex.join(extra)}".rstrip()
    )
    print(f"sampling every {args.interval} s with {source}; target peak < {TARGET_MB:.0f} MB")

    runs: list[Run] = []
    for size in sizes:
        corpus = corpus_for(size, args.seed)
        run = measure(corpus, size, args.interval, extra)
        runs.append(run)
        peak = max(run.peak_rss, run.hwm)
        flag = "ok" if peak / MB < TARGET_MB else "OVER TARGET"
        print(
            f"{size:>7} articles: {run.seconds:8.1f} s, {size / run.seconds:6.1f} articles/s, "
            f"peak RSS {peak / MB:7.1f} MB [{flag}] (sampled tree {run.peak_rss / MB:.1f} MB, "
            f"main {run.peak_main / MB:.1f} MB, kernel high-water {run.hwm / MB:.1f} MB, "
            f"{run.samples} samples), exit {run.exit_code}"
        )
        if run.exit_code != 0:
            print("    stderr: " + run.stderr_tail.replace("\n", "\n            "))
    if len(runs) >= 2:
        first, last = runs[0], runs[-1]
        a, b = max(first.peak_rss, first.hwm), max(last.peak_rss, last.hwm)
        if a:
            print(
                f"growth peak({last.size})/peak({first.size}) = {b / a:.2f} "
                f"for {last.size / first.size:.0f}x the articles (1.0 = flat; target peak "
                f"< {TARGET_MB:.0f} MB)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
