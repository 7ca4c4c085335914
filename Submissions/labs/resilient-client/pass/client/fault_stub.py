"""A stand-in for the orders service that injects transient faults, on loopback only.

Each GET /v1/orders/<id> answers 503 with probability FAULT_503, stalls for 1.5 s (so the
client's timeout fires) with probability FAULT_SLOW, and otherwise answers 200 with JSON.
The random generator is seeded so a rerun injects the same mix of faults.
"""

import json
import random
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FAULT_503 = 0.15
FAULT_SLOW = 0.05
rng = random.Random(42)
lock = threading.Lock()


class Orders(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        with lock:
            draw = rng.random()
        if draw < FAULT_503:
            self.answer(503, {"type": "about:blank", "title": "Service Unavailable", "status": 503})
            return
        if draw < FAULT_503 + FAULT_SLOW:
            time.sleep(1.5)
        order_id = self.path.rsplit("/", 1)[-1]
        self.answer(200, {"orderId": order_id, "status": "PLACED", "total": {"amount": 4200, "currency": "EUR"}})

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 18089
    ThreadingHTTPServer(("127.0.0.1", port), Orders).serve_forever()
