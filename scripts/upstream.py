#!/usr/bin/env python3
"""A feed host for scripts/replicas.sh: serves DIR/NAME.xml at /NAME.xml on
127.0.0.1:PORT, one line per request to stdout ("GET /NAME.xml"), and can be
told to misbehave per feed:

    curl -X POST 'http://127.0.0.1:PORT/_mode/NAME?delay=1.5&status=500&garbage=1&hang=1'

delay: seconds before answering; status: answer this status with no body;
garbage: answer 200 with bytes that are not XML; hang: never answer (until
the client gives up). No parameters: back to normal. Threaded, so a slow or
hanging answer does not hold the others up.
"""
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

root, port = sys.argv[1], int(sys.argv[2])
modes = {}
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        u = urlparse(self.path)
        if not u.path.startswith("/_mode/"):
            self.send_error(404)
            return
        q = {k: v[0] for k, v in parse_qs(u.query).items()}
        with lock:
            modes[u.path[len("/_mode/"):]] = q
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        u = urlparse(self.path)
        name = os.path.basename(u.path)
        if name.endswith(".xml"):
            name = name[:-4]
        print("GET " + u.path, flush=True)
        with lock:
            mode = dict(modes.get(name, {}))
        if mode.get("hang"):
            time.sleep(3600)
        if mode.get("delay"):
            time.sleep(float(mode["delay"]))
        if mode.get("status"):
            self.send_response(int(mode["status"]))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if mode.get("garbage"):
            body = b"\x00\x01 this is not a feed <<<"
        else:
            try:
                with open(os.path.join(root, name + ".xml"), "rb") as f:
                    body = f.read()
            except OSError:
                self.send_error(404)
                return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
