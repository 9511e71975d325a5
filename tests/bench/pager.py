"""The Python baseline of the benchmark: what a user writes instead of a
driver. Pages through a listing with `requests`, parsing every page (Stripe:
`has_more` and `starting_after` the last id; Bitbucket: the `next` link), and
prints its measurements as one JSON line.

usage: pager.py FIRST_PAGE_URL AUTHORIZATION_HEADER
"""

import json
import resource
import sys
import time

import requests


def main():
    first_page, authorization = sys.argv[1], sys.argv[2]
    session = requests.Session()
    session.headers["Authorization"] = authorization
    start = time.perf_counter()
    first_row = None
    rows = 0
    url = first_page
    while url:
        response = session.get(url)
        response.raise_for_status()
        page = response.json()
        data = page["data"] if "data" in page else page["values"]
        rows += len(data)
        if first_row is None:
            first_row = time.perf_counter() - start
        if "next" in page:
            url = page["next"]
        elif page.get("has_more") and data:
            url = f"{first_page}&starting_after={data[-1]['id']}"
        else:
            url = None
    wall = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"runs": [{"rows": rows, "wall_s": wall, "ttfr_s": first_row, "requests": None}], "rss_mb": peak_mb}))


if __name__ == "__main__":
    main()
