#!/usr/bin/env python3
"""Samples the lag of every processor while a load runs.

usage: processor_lag.py BASE_URL SECONDS [INTERVAL_S]

Signs in an admin through the local default's POST /local/token, polls GET /api/admin/processors every
INTERVAL_S (default 0.2 s) for SECONDS, and prints per processor the p50/p99/max of lagEvents and lagSeconds.
"""
import json
import sys
import time
import urllib.request


def call(url, token=None, body=None):
    request = urllib.request.Request(url, data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100.0 * (len(ordered) - 1))))]


def main():
    base, seconds = sys.argv[1], float(sys.argv[2])
    interval = float(sys.argv[3]) if len(sys.argv) > 3 else 0.2
    token = call(base + "/local/token", body={"sub": "lag-sampler", "roles": ["admin"]})["access_token"]
    samples = {}
    end = time.time() + seconds
    while time.time() < end:
        for processor in call(base + "/api/admin/processors", token):
            entry = samples.setdefault(processor["name"], {"events": [], "seconds": []})
            entry["events"].append(processor["lagEvents"])
            if processor["lagSeconds"] is not None:
                entry["seconds"].append(processor["lagSeconds"])
        time.sleep(interval)
    print("| Processor | Samples | Lag events p50 / p99 / max | Lag seconds p50 / p99 / max |")
    print("|---|---:|---|---|")
    for name, entry in samples.items():
        events, secs = entry["events"], entry["seconds"] or [0]
        print("| %s | %d | %d / %d / %d | %.3f / %.3f / %.3f |" % (
            name, len(events), percentile(events, 50), percentile(events, 99), max(events),
            percentile(secs, 50), percentile(secs, 99), max(secs)))


if __name__ == "__main__":
    main()
