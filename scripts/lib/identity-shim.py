import http.client, http.server, sys
LISTEN, TARGET = int(sys.argv[1]), int(sys.argv[2])
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def _send(self, status, headers, body):
        self.send_response(status)
        for k, v in headers:
            if k.lower() not in ("transfer-encoding", "connection", "content-length", "date", "server"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def _handle(self):
        if self.path.split("?")[0].rstrip("/").startswith(("/projects", "/v3")):
            self._send(403, [("Content-Type", "application/json")],
                       b'{"error": {"code": 403, "title": "Forbidden", "message": "no identity service here"}}')
            return
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else None
        c = http.client.HTTPConnection("127.0.0.1", TARGET, timeout=60)
        hdrs = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        c.request(self.command, self.path, body=body, headers=hdrs)
        r = c.getresponse()
        self._send(r.status, r.getheaders(), r.read())
        c.close()
    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _handle
    def log_message(self, *a): pass
http.server.ThreadingHTTPServer(("127.0.0.1", LISTEN), H).serve_forever()
