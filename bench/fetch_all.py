#!/usr/bin/env python3
"""Fetches every request of a query file once from a local server, sequentially, over one
keep-alive connection: checks that each answers 200, and prints the statuses, the mean body size
(the size nginx's static file gets) and the mean latency. Loopback only.

  bench/fetch_all.py --port 18080 --queries queries.tsv [--save-first FILE]
"""
import argparse
import http.client
import sys
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--save-first", help="write the first response body here")
    args = ap.parse_args()
    paths = [line.rstrip("\n").partition("\t")[2] for line in open(args.queries, encoding="utf-8") if "\t" in line]
    conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
    statuses, total_bytes, total_s = {}, 0, 0.0
    for i, path in enumerate(paths):
        started = time.monotonic()
        conn.request("GET", path)
        resp = conn.getresponse()
        body = resp.read()
        total_s += time.monotonic() - started
        statuses[resp.status] = statuses.get(resp.status, 0) + 1
        total_bytes += len(body)
        if i == 0 and args.save_first:
            with open(args.save_first, "wb") as f:
                f.write(body)
        if resp.status != 200 and statuses[resp.status] <= 3:
            print("status %d for %s: %s" % (resp.status, path, body[:200]), file=sys.stderr)
        if resp.getheader("Connection", "").lower() == "close":
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
    n = len(paths)
    print("requests %d statuses %s mean_bytes %d mean_ms %.2f" % (
        n, " ".join("%d:%d" % kv for kv in sorted(statuses.items())), total_bytes // max(n, 1), 1000 * total_s / max(n, 1)))
    return 0 if statuses.get(200, 0) == n else 1


if __name__ == "__main__":
    sys.exit(main())
