#!/usr/bin/env bash
# The longer proof: ten seeds, 50 kills each, 300 leads, a tenth of the requests faulted.
# Prints one line of figures per seed. Takes a few minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
LEADFLOW_SEEDS="${LEADFLOW_SEEDS:-1,2,3,4,5,6,7,8,9,10}" \
LEADFLOW_KILLS="${LEADFLOW_KILLS:-50}" \
LEADFLOW_LEADS="${LEADFLOW_LEADS:-300}" \
LEADFLOW_FAULT_PERCENT="${LEADFLOW_FAULT_PERCENT:-10}" \
    cargo test -p leadflow --release --test proof killed -- --nocapture
