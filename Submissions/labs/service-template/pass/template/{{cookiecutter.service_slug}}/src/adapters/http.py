"""HTTP adapter: health endpoints for the registry and the mesh, and the service's API."""
from http.server import BaseHTTPRequestHandler


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path in ("/health/live", "/health/ready"):
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'{"status":"UP"}')
        else:
            self.send_response(404)
            self.end_headers()
