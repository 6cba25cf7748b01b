"""A real HTTP server on 127.0.0.1 for the URL and no-remote-fetch tests."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Site:
    """Serves ``pages`` {path: (status, content type, body)} and records every request."""

    def __init__(self, pages: dict[str, tuple[int, str, bytes]]):
        self.pages = pages
        self.requests: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append(self.path)
                if self.path == "/slow":
                    time.sleep(3)
                if self.path.startswith("/redirect"):
                    self.send_response(302)
                    self.send_header("Location", "/article")
                    self.end_headers()
                    return
                status, ctype, body = site.pages.get(self.path, (404, "text/plain", b"nope"))
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
