#!/usr/bin/env python3
"""Measures how long a change takes to become searchable: edits a document to contain a fresh word, then polls
GET /api/search every 10 ms until the document is found. Usage: search_visibility.py BASE_URL [N]"""
import http.client, json, random, string, sys, time, urllib.parse

base = urllib.parse.urlparse(sys.argv[1])
n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
rnd = random.Random(7)
conn = http.client.HTTPConnection(base.hostname, base.port)

def call(method, path, body=None, headers=None):
    conn.request(method, path, json.dumps(body) if body is not None else None, headers or {})
    response = conn.getresponse()
    return response.status, json.loads(response.read() or b"null")

_, token = call("POST", "/local/token", {"sub": "probe-%d" % rnd.randrange(10**9)}, {"Content-Type": "application/json"})
auth = {"Authorization": "Bearer " + token["access_token"], "Content-Type": "application/json"}
_, created = call("POST", "/api/documents", {"title": "Visibility probe", "content": "start"}, auth)
doc, version, lags = created["id"], 1, []
for i in range(n):
    word = "".join(rnd.choice("bcdfgklmnprstvz") + rnd.choice("aeiou") for _ in range(5))
    status, result = call("PUT", "/api/documents/%s/content" % doc, {"content": "probe " + word},
                          dict(auth, **{"If-Match": '"%d"' % version}))
    version = result["version"]
    written = time.perf_counter()
    while True:
        _, found = call("GET", "/api/search?q=" + word, headers=auth)
        if found["total"] == 1:
            lags.append((time.perf_counter() - written) * 1000)
            break
        time.sleep(0.01)
    time.sleep(0.05)
lags.sort()
pick = lambda q: lags[min(len(lags) - 1, int(q * len(lags)))]
print("changes %d, searchable after (ms): p50 %.0f, p95 %.0f, p99 %.0f, max %.0f"
      % (len(lags), pick(0.5), pick(0.95), pick(0.99), lags[-1]))
