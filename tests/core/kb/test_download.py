"""Downloading a Kiwix ZIM against a real HTTP server on 127.0.0.1 (issue 14, item 5)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from glossator.core.kb import download as dl
from glossator.core.kb.download import (
    ChecksumMismatch,
    DiskFull,
    DownloadCancelled,
    DownloadError,
    NotAZim,
    ZimDownload,
    catalogue_entry,
    download_zim,
)

PAYLOAD = dl.ZIM_MAGIC + os.urandom(3 * 2**20)
SHA = hashlib.sha256(PAYLOAD).hexdigest()
MD5 = hashlib.md5(PAYLOAD).hexdigest()


class Server:
    """Serves ``/f.zim`` (with Range), and faults chosen by path."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.cut_once = True
        self.ignore_range = False
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                server.requests.append({"path": self.path, "headers": dict(self.headers)})
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    server.answer(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def answer(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path.split("?")[0]
        body = PAYLOAD
        if path == "/missing.zim":
            return self._send(h, 404, b"not found", "text/plain")
        if path == "/page.zim":
            return self._send(h, 200, b"<!doctype html><html>Log in to the Wi-Fi</html>",
                              "text/html")
        if path == "/moved.zim":
            h.send_response(302)
            h.send_header("Location", "/f.zim")
            h.send_header("Content-Length", "0")
            h.end_headers()
            return None
        if path == "/away.zim":
            h.send_response(302)
            h.send_header("Location", "http://example.invalid/f.zim")
            h.send_header("Content-Length", "0")
            h.end_headers()
            return None
        if path == "/stall.zim":  # the headers, then nothing
            h.send_response(200)
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body[:1000])
            h.wfile.flush()
            time.sleep(5)
            return None
        if path == "/drip.zim":  # a byte every 0.1 s: never a read timeout, yet a stall
            h.send_response(200)
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            for i in range(60):
                h.wfile.write(body[i:i + 1])
                h.wfile.flush()
                time.sleep(0.1)
            return None
        if path == "/catalog/v2/entries":
            return self._send(h, 200, CATALOGUE.replace(b"PORT", str(
                self.httpd.server_address[1]).encode()), "application/atom+xml")
        if path.endswith(".meta4"):
            return self._send(h, 200, META4, "application/metalink4+xml")
        if path not in ("/f.zim", "/cut.zim", "/wikipedia_en_test_2024-05.zim"):
            return self._send(h, 404, b"", "text/plain")
        start = 0
        rng = h.headers.get("Range")
        if rng and not self.ignore_range:
            start = int(rng.split("=")[1].split("-")[0])
            h.send_response(206)
            h.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        else:
            h.send_response(200)
        h.send_header("Content-Length", str(len(body) - start))
        h.send_header("ETag", '"v1"')
        h.end_headers()
        if path == "/cut.zim" and self.cut_once:  # half, then the connection drops
            self.cut_once = False
            h.wfile.write(body[start:start + (len(body) - start) // 2])
            h.wfile.flush()
            h.close_connection = True
            return None
        h.wfile.write(body[start:])
        return None

    @staticmethod
    def _send(h, status: int, body: bytes, ctype: str) -> None:
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)


CATALOGUE = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <entry>
    <title>Wikipedia (test)</title>
    <name>wikipedia_en_test</name>
    <summary>A test</summary>
    <link rel="http://opds-spec.org/acquisition/open-access" type="application/x-zim"
          length="3145732" href="http://127.0.0.1:PORT/wikipedia_en_test_2024-05.zim.meta4"/>
  </entry>
</feed>"""
META4 = f"""<?xml version="1.0" encoding="UTF-8"?>
<metalink xmlns="urn:ietf:params:xml:ns:metalink">
  <file name="wikipedia_en_test_2024-05.zim">
    <size>{len(PAYLOAD)}</size>
    <hash type="md5">{MD5}</hash>
    <hash type="sha-256">{SHA}</hash>
  </file>
</metalink>""".encode()


@pytest.fixture()
def server() -> Iterator[Server]:
    s = Server()
    yield s
    s.close()


def fast(**kw):
    return {"backoff": 0.01, "headers_deadline": 3.0, "stall_timeout": 2.0, **kw}


def test_a_full_download_with_progress_and_checksums(server, tmp_path):
    seen = []
    path = download_zim(server.url("/f.zim"), tmp_path, sha256=SHA, md5=MD5,
                        progress=seen.append, **fast())
    assert path == tmp_path / "f.zim"
    assert path.read_bytes() == PAYLOAD
    assert not (tmp_path / "f.zim.part").exists()
    assert not (tmp_path / "f.zim.part.json").exists()
    assert seen[-1].done == seen[-1].total == len(PAYLOAD)
    assert "MB" in seen[-1].line()
    # Again: the finished file is there, no request is sent.
    count = len(server.requests)
    assert download_zim(server.url("/f.zim"), tmp_path, **fast()) == path
    assert len(server.requests) == count


def test_a_redirect_on_the_same_computer_is_followed(server, tmp_path):
    path = download_zim(server.url("/moved.zim"), tmp_path, sha256=SHA, **fast())
    assert path.read_bytes() == PAYLOAD


def test_a_cut_connection_is_resumed_with_a_range(server, tmp_path):
    path = download_zim(server.url("/cut.zim"), tmp_path, sha256=SHA, **fast())
    assert path.read_bytes() == PAYLOAD
    ranges = [r["headers"].get("Range") for r in server.requests]
    assert ranges[0] is None and ranges[1].startswith("bytes=")
    assert 0 < int(ranges[1][6:-1]) <= len(PAYLOAD) // 2  # what reached the disk
    assert server.requests[1]["headers"].get("If-Range") == '"v1"'


def test_a_killed_download_goes_on_from_its_part_file(server, tmp_path):
    job = ZimDownload(server.url("/f.zim"), tmp_path, sha256=SHA, **fast())
    job._open()
    job._write(next(job._chunks))  # some bytes on disk, then the process "dies"
    job._out.flush()
    had = job.progress.done
    assert 0 < had < len(PAYLOAD)
    job._response.close()  # no clean close: the .part and its state stay
    assert (tmp_path / "f.zim.part").stat().st_size == had
    with ZimDownload(server.url("/f.zim"), tmp_path, sha256=SHA, **fast()) as again:
        path = again.run()
        assert again.progress.resumed_from == had
    assert path.read_bytes() == PAYLOAD
    assert server.requests[-1]["headers"]["Range"] == f"bytes={had}-"


def test_a_server_that_ignores_range_starts_over(server, tmp_path):
    (tmp_path / "f.zim.part").write_bytes(PAYLOAD[:1000])
    (tmp_path / "f.zim.part.json").write_text(
        json.dumps({"url": server.url("/f.zim"), "total": len(PAYLOAD), "etag": '"v1"'}))
    server.ignore_range = True
    path = download_zim(server.url("/f.zim"), tmp_path, sha256=SHA, **fast())
    assert path.read_bytes() == PAYLOAD


def test_a_checksum_mismatch_deletes_the_file(server, tmp_path):
    with pytest.raises(ChecksumMismatch, match=r"SHA-256 is .* the catalogue says 0+"):
        download_zim(server.url("/f.zim"), tmp_path, sha256="0" * 64, **fast())
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ChecksumMismatch, match="MD5"):
        download_zim(server.url("/f.zim"), tmp_path, md5="f" * 32, **fast())
    with pytest.raises(DownloadError, match="not a SHA-256"):
        ZimDownload(server.url("/f.zim"), tmp_path, sha256="xyz")


def test_what_is_not_a_zim_is_refused_and_not_kept(server, tmp_path):
    with pytest.raises(NotAZim, match="a web page"):
        download_zim(server.url("/page.zim"), tmp_path, **fast())
    assert list(tmp_path.iterdir()) == []


def test_404_refused_and_insecure_addresses_have_clear_messages(server, tmp_path):
    with pytest.raises(DownloadError, match=r"no such file \(HTTP 404\)"):
        download_zim(server.url("/missing.zim"), tmp_path, **fast())
    with pytest.raises(DownloadError, match="insecure address"):
        download_zim(server.url("/away.zim"), tmp_path, **fast())
    with pytest.raises(DownloadError, match="must start with https://"):
        ZimDownload("http://example.invalid/f.zim", tmp_path)
    closed = server.url("/f.zim").rsplit(":", 1)[0] + ":1/f.zim"  # nobody listens on port 1
    started = time.monotonic()
    with pytest.raises(DownloadError, match=r"Cannot reach 127\.0\.0\.1: the connection was "
                                            r"refused"):
        download_zim(closed, tmp_path, **fast())
    assert time.monotonic() - started < 2.0  # no retries when it never connected


def test_a_stalling_server_meets_the_deadline_and_the_part_is_kept(server, tmp_path):
    started = time.monotonic()
    with pytest.raises(DownloadError, match=r"stopped sending .* resumes did not help"):
        download_zim(server.url("/stall.zim"), tmp_path, max_retries=1,
                     **fast(stall_timeout=0.5))
    assert time.monotonic() - started < 4.0
    assert (tmp_path / "stall.zim.part").stat().st_size == 1000


def test_a_dripping_server_is_a_stall(server, tmp_path):
    started = time.monotonic()
    with pytest.raises(DownloadError, match="too slowly"):
        download_zim(server.url("/drip.zim"), tmp_path, max_retries=0,
                     **fast(stall_timeout=1.0, min_rate=100))
    assert time.monotonic() - started < 4.0


def test_free_space_is_checked_before_the_first_byte(server, tmp_path, monkeypatch):
    monkeypatch.setattr(dl, "free_space", lambda _folder: len(PAYLOAD) // 2)
    with pytest.raises(DiskFull, match=r"Not enough free disk space .* needs 3.1 MB more"):
        download_zim(server.url("/f.zim"), tmp_path, reserve=0, **fast())
    assert not (tmp_path / "f.zim").exists()


def test_a_full_disk_keeps_the_part(server, tmp_path, monkeypatch):
    job = ZimDownload(server.url("/f.zim"), tmp_path, **fast())
    job._open()

    class Full:
        def write(self, _data):
            raise OSError(28, "No space left on device")

        def close(self):
            pass

    job._out = Full()
    with pytest.raises(DiskFull, match="The disk is full"):
        job.step()
    job.close()


def test_cancel_keeps_the_part_for_a_resume(server, tmp_path):
    stop = threading.Event()
    job = ZimDownload(server.url("/f.zim"), tmp_path, should_stop=stop.is_set, **fast())
    job._open()
    job._write(next(job._chunks))
    stop.set()
    with pytest.raises(DownloadCancelled, match="goes on from there"):
        job.step()
    job.close()
    assert (tmp_path / "f.zim.part").exists()
    assert download_zim(server.url("/f.zim"), tmp_path, sha256=SHA,
                        **fast()).read_bytes() == PAYLOAD


def test_the_catalogue_gives_the_address_and_checksum(server, tmp_path):
    entry = catalogue_entry(server.url("/catalog/v2/entries"), "wikipedia_en_test")
    assert entry.url == server.url("/wikipedia_en_test_2024-05.zim")
    assert entry.sha256 == SHA and entry.md5 == MD5 and entry.size == 3145732
    assert "name=wikipedia_en_test" in server.requests[0]["path"]
    path = download_zim(entry.url, tmp_path, sha256=entry.sha256, **fast())
    assert path.name == "wikipedia_en_test_2024-05.zim"
    with pytest.raises(DownloadError, match="has no file called nothing_here"):
        catalogue_entry(server.url("/catalog/v2/entries"), "nothing_here")


def test_file_names_come_from_the_address():
    assert dl.file_name_for("https://h/zim/wikipedia_en_top_mini_2024-06.zim.meta4") == \
        "wikipedia_en_top_mini_2024-06.zim"
    assert dl.file_name_for("https://h/get?x=1/../../etc") == "get.zim"
    with pytest.raises(DownloadError):
        dl.file_name_for("https://h/")


def test_no_qt_in_the_download_module():
    source = Path(dl.__file__).read_text()
    assert "PySide6" not in source and "QtCore" not in source
