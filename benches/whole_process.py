"""Whole process, start-up included: `leadctl validate FILE --json` against the msgspec peer
script (`../shared/peers/msgspec_decode.py`), interleaved run by run so both see the same
load. Prints the medians and the spread of the paired ratios.

    cargo build --release --example leadctl
    python3 benches/whole_process.py /tmp/peers/bin/python /tmp/leads.ndjson [RUNS]
"""
import os
import statistics
import subprocess
import sys
import time

python, leads = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 30
here = os.path.dirname(os.path.abspath(__file__))
commands = {
    "msgspec": [python, os.path.join(here, "../../shared/peers/msgspec_decode.py"), leads],
    "leadctl": [os.path.join(here, "../target/release/examples/leadctl"), "validate", leads, "--json"],
}
times = {name: [] for name in commands}
for _ in range(runs):
    for name, command in commands.items():
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times[name].append(time.perf_counter() - start)
for name, taken in times.items():
    print(f"{name}: median {statistics.median(taken) * 1e3:.1f} ms, best {min(taken) * 1e3:.1f} ms")
ratios = sorted(m / l for m, l in zip(times["msgspec"], times["leadctl"]))
tenth = len(ratios) // 10
print(
    f"leadctl is {statistics.median(times['msgspec']) / statistics.median(times['leadctl']):.2f}x "
    f"faster (medians); paired ratios {ratios[tenth]:.2f}x to {ratios[-tenth - 1]:.2f}x "
    "(10th to 90th percentile)"
)
