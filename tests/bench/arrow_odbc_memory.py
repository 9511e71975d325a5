"""Peak memory of arrow-odbc reading `SELECT * FROM charges` (1,234 charges
from the fake Stripe server), with its defaults and with the settings that
bound its transit buffers. Each read runs in a process of its own, which
reports its peak RSS; a Markdown table goes to stdout (docs/benchmarks.md).

    python3 tests/bench/arrow_odbc_memory.py \\
        --driver $CARGO_TARGET_DIR/debug/libapiodbc.so \\
        --fake $CARGO_TARGET_DIR/debug/fake-stripe
"""

import argparse
import json
import subprocess
import sys

CHARGES = 1234

READ = """
import json, resource, sys, time
from arrow_odbc import read_arrow_batches_from_odbc
settings = json.loads(sys.argv[2])
start = time.monotonic()
reader = read_arrow_batches_from_odbc("SELECT * FROM charges", sys.argv[1], **settings)
rows = batches = 0
for batch in reader:
    rows += batch.num_rows
    batches += 1
print(json.dumps({
    "rows": rows,
    "batches": batches,
    "seconds": time.monotonic() - start,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""

SETTINGS = [
    ("defaults", {}),
    ("fetch_concurrently=False", {"fetch_concurrently": False}),
    ("max_bytes_per_batch=64 MiB", {"max_bytes_per_batch": 64 * 2**20}),
    (
        "max_bytes_per_batch=64 MiB, fetch_concurrently=False",
        {"max_bytes_per_batch": 64 * 2**20, "fetch_concurrently": False},
    ),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--driver", required=True)
    parser.add_argument("--fake", required=True)
    args = parser.parse_args()
    fake = subprocess.Popen(
        [args.fake, "--customers", "100", "--charges", str(CHARGES)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        base_url = fake.stdout.readline().strip()
        connstr = (
            f"Driver={{{args.driver}}};Provider=stripe;BaseURL={base_url};"
            "LiveAPIKey=sk_test_apiodbc"
        )
        print("| arrow-odbc settings | rows | batches | wall s | peak RSS MB |")
        print("|---|---:|---:|---:|---:|")
        for name, settings in SETTINGS:
            out = subprocess.run(
                [sys.executable, "-c", READ, connstr, json.dumps(settings)],
                capture_output=True,
                text=True,
                check=True,
            )
            r = json.loads(out.stdout)
            assert r["rows"] == CHARGES, r
            print(f"| {name} | {r['rows']} | {r['batches']} | {r['seconds']:.2f} | {r['peak_mb']:.0f} |")
    finally:
        fake.terminate()
        fake.wait()


if __name__ == "__main__":
    main()
