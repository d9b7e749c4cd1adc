"""The benchmarks' one way to call the Driftless API: JSON in and out, as the bootstrap admin token
(DRIFTLESS_ADMIN_TOKEN, which bench/server.sh and the scripts set). Importable because each script puts
bench/ on PYTHONPATH."""
import json
import os
import urllib.request


def call(method, url, body=None):
    req = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={"content-type": "application/json",
                                          "authorization": "Bearer " + os.environ["DRIFTLESS_ADMIN_TOKEN"]})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read())
