"""A stand-in for the payments service: answers /health, slowed by the milliseconds in `delay_ms`.

Run by the chaos experiments in this folder (see ../README.md); it writes its pid to `payments.pid`.
"""
import http.server
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        try:
            with open(os.path.join(HERE, "delay_ms")) as f:
                time.sleep(int(f.read().strip() or 0) / 1000)
        except FileNotFoundError:
            pass
        body = b'{"status": "ok"}' if self.path == "/health" else b'{"items": []}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8107
    with open(os.path.join(HERE, "payments.pid"), "w") as f:
        f.write(str(os.getpid()))
    http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
