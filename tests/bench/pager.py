"""The Python baseline of the benchmark: what a user writes instead of a
driver. Pages through GET /v1/charges with `requests`, parsing every page,
and prints its measurements as one JSON line.

usage: pager.py BASE_URL API_KEY
"""

import json
import resource
import sys
import time

import requests


def main():
    base_url, key = sys.argv[1], sys.argv[2]
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {key}"
    start = time.perf_counter()
    first_row = None
    rows = 0
    after = None
    while True:
        params = {"limit": 100}
        if after:
            params["starting_after"] = after
        response = session.get(f"{base_url}/v1/charges", params=params)
        response.raise_for_status()
        page = response.json()
        rows += len(page["data"])
        if first_row is None:
            first_row = time.perf_counter() - start
        if not page["has_more"] or not page["data"]:
            break
        after = page["data"][-1]["id"]
    wall = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"runs": [{"rows": rows, "wall_s": wall, "ttfr_s": first_row, "requests": None}], "rss_mb": peak_mb}))


if __name__ == "__main__":
    main()
