#!/usr/bin/env python3
"""Judges a `check-feed --json` report of a feed recast enriched.

Passes when check-feed passes, or when its only failures are changes recast
owns: the channel's atom:link rel="self" pointed at the URL recast serves the
feed from (what --public-url asks for), with every other attribute the same.
Anything else lost or changed fails. Prints one line; exit 0 or 1.

  check-verdict.py REPORT.json EXPECTED_SELF_URL
"""
import json
import sys


def owned(problem, self_url):
    if problem.get("client") != "xml-strict" or problem.get("check") != "compare:channel":
        return False
    prefix = "channel elements lost or changed: "
    detail = problem.get("detail", "")
    if not detail.startswith(prefix):
        return False
    try:
        changes = json.loads(detail[len(prefix):])
    except ValueError:
        return False
    for c in changes:
        was, now = c.get("attrs", {}), (c.get("nowAs") or {}).get("attrs", {})
        # atom:link, atom10:link, or <link xmlns="…Atom"> (the RSS <link>
        # has no attributes, so rel="self" marks the Atom one).
        el = c.get("element", "")
        if not ((el == "link" or el.endswith(":link")) and was.get("rel") == "self"):
            return False
        if now.get("href") != self_url:
            return False
        if {k: v for k, v in was.items() if k != "href"} != {k: v for k, v in now.items() if k != "href"}:
            return False
    return bool(changes)


def main():
    report, self_url = sys.argv[1], sys.argv[2]
    with open(report) as f:
        d = json.load(f)
    fails = [p for p in d.get("problems", []) if p.get("severity") == "fail"]
    others = [p for p in fails if not owned(p, self_url)]
    if d.get("result") == "PASS" or (fails and not others):
        note = " (only the self link changed, to %s)" % self_url if fails else ""
        print("PASS%s" % note)
        return 0
    for p in others[:8]:
        print("FAIL [%s] %s: %s" % (p.get("client"), p.get("check"), p.get("detail", "")[:400]))
    return 1


if __name__ == "__main__":
    sys.exit(main())
