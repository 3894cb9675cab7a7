#!/usr/bin/env bash
# Every benchmark once, in order, with the machine it ran on: the README's table comes from
# one run of this script (`bash bench/run_all.sh | tee bench.txt`).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "machine: $(nproc) cores, $(uname -m), $(uv run python -c 'import platform, sqlite3; print("Python", platform.python_version(), "SQLite", sqlite3.sqlite_version)'), load $(cut -d' ' -f1-3 /proc/loadavg)"
for bench in bench/bench_*.py; do
    echo "== uv run python $bench"
    uv run python "$bench"
done
