import threading
import urllib.request
from http.server import HTTPServer

from src.adapters.http import Handler


def test_liveness_and_readiness_answer_200():
    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for path in ("/health/live", "/health/ready"):
            with urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}{path}", timeout=2) as response:
                assert response.status == 200
    finally:
        server.shutdown()
