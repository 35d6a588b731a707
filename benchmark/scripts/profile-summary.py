#!/usr/bin/env python3
"""Summarises async-profiler collapsed stacks (framework-cost.sh --profile FILE.collapsed): the share of CPU samples
in each bucket (a sample goes to the first bucket, in the order below, one of whose patterns occurs in its stack),
and with --top N the frames with the most samples in their subtree (inclusive). Only request-handling stacks count
(those through Tomcat's connector) unless --all. Usage: profile-summary.py FILE [--top N] [--all] [--grep TEXT]"""
import collections, re, sys

BUCKETS = [
    ("Spring Security firewall (header checks)", [r"security\.web\.firewall\."]),
    ("JWT decoding and verification", [r"oauth2\.jwt\.", r"com\.nimbusds\."]),
    ("Micrometer observations, tracing, metrics", [r"io\.micrometer\."]),
    ("Axon query bus / gateway", [r"queryhandling\."]),
    ("Axon command bus, aggregate, event store", [r"org\.axonframework\."]),
    ("Sandstone: encryption seam", [r"dev\.sandstone\.platform\.crypto\."]),
    ("JDBC: HikariCP, PostgreSQL driver, Spring JDBC", [r"org\.postgresql\.", r"com\.zaxxer\.hikari\.",
                                                        r"springframework\.jdbc\."]),
    ("Jackson (JSON)", [r"com\.fasterxml\.jackson\."]),
    ("Spring Security (other)", [r"org\.springframework\.security\."]),
    ("Spring MVC and other Spring", [r"org\.springframework\."]),
    ("Tomcat and socket I/O", [r"org\.apache\.(coyote|catalina|tomcat)\."]),
]


def main(args):
    path, top, everything, grep = args[0], 0, "--all" in args, None
    if "--top" in args:
        top = int(args[args.index("--top") + 1])
    if "--grep" in args:
        grep = args[args.index("--grep") + 1]
    compiled = [(name, [re.compile(p) for p in patterns]) for name, patterns in BUCKETS]
    buckets, inclusive, total, kept = collections.Counter(), collections.Counter(), 0, 0
    for line in open(path):
        stack, _, count = line.rstrip("\n").rpartition(" ")
        stack = stack.replace("/", ".")
        count = int(count)
        total += count
        if not everything and "org.apache.coyote." not in stack:
            continue
        if grep and grep not in stack:
            continue
        kept += count
        bucket = next((name for name, patterns in compiled if any(p.search(stack) for p in patterns)),
                      "everything else")
        buckets[bucket] += count
        for frame in set(stack.split(";")):
            inclusive[frame] += count
    print("%d samples, %d in %s (%.0f %%)" % (total, kept, "all stacks" if everything else "request handling",
                                               100.0 * kept / max(total, 1)))
    for name, count in buckets.most_common():
        print("%6.1f %%  %s" % (100.0 * count / max(kept, 1), name))
    if top:
        print("\nframes by inclusive samples:")
        for frame, count in inclusive.most_common(top):
            print("%6.1f %%  %s" % (100.0 * count / max(kept, 1), frame[:160]))


main(sys.argv[1:])
