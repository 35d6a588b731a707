#!/usr/bin/env python3
"""Seeds the framework-cost run: EDITORS users (tokens from POST /local/token), each owning DOCS_EACH documents of
about 2 KB, and writes them as a Lua table for the wrk scripts. Usage: seed.py BASE_URL EDITORS DOCS_EACH OUT.lua"""
import http.client, json, sys, urllib.parse

base = urllib.parse.urlparse(sys.argv[1])
editors, docs_each, out = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
conn = http.client.HTTPConnection(base.hostname, base.port)


def call(method, path, body, headers):
    conn.request(method, path, json.dumps(body), dict(headers, **{"Content-Type": "application/json"}))
    response = conn.getresponse()
    answer = json.loads(response.read() or b"null")
    if response.status >= 300:
        sys.exit("%s %s: %d %s" % (method, path, response.status, answer))
    return answer


# The text edit.lua edits (it changes the last 12 characters), so every edit is a small local change, the first one
# too: replacing unrelated 2 KB texts would cost a full character diff each and distort the measured window.
text = ("an editor types a line " * 100)[:1988] + "%012d" % 0
rows = []
for u in range(editors):
    token = call("POST", "/local/token", {"sub": "fc-u%d" % u}, {})["access_token"]
    for d in range(docs_each):
        created = call("POST", "/api/documents", {"title": "doc %d of user %d" % (d, u), "content": text},
                       {"Authorization": "Bearer " + token})
        rows.append('  {id = "%s", token = "%s"},' % (created["id"], token))
with open(out, "w") as lua:
    lua.write("return {\n" + "\n".join(rows) + "\n}\n")
print("seeded %d documents of %d characters for %d users" % (len(rows), len(text), editors))
