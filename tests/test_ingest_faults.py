"""Ingest when things go wrong: web sources that fail, and databases that are locked,
read-only, full, or whose server goes away. Each is named; committed work is kept."""

from __future__ import annotations

import contextlib
import io
import os
import socket
import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, text
from test_ingest import MEETING_A, MEETING_B, TEACHER, rows, run, write_jsonl
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from bilat.ingest import IngestCounts, Ingester, StoreFault
from bilat.store import open_store

POSTGRES = os.environ.get("BILAT_TEST_POSTGRES")


def page(title: str, body: str) -> bytes:
    paragraphs = "".join(f"<p>{body}</p>" for _ in range(2))
    return (f"<!DOCTYPE html><html><head><title>{title}</title>"
            '<meta property="article:published_time" content="2025-03-12T08:00:00+00:00">'
            f"</head><body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
            ).encode()


# --- web sources --------------------------------------------------------------------------

@pytest.fixture
def site() -> Iterator[str]:
    routes = {
        "/world.rss": (200, "application/rss+xml", b""),
        "/baku-talks": (200, "text/html", page("Border talks in Baku", MEETING_A)),
        "/gone": (404, "text/html", b"not here"),
    }

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            status, kind, body = routes.get(self.path, (404, "text/plain", b""))
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    routes["/world.rss"] = (200, "application/rss+xml", (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>World</title>'
        f"<item><title>Talks</title><link>{base}/baku-talks</link><guid>t-1</guid>"
        "<pubDate>Wed, 12 Mar 2025 08:00:00 GMT</pubDate></item>"
        f"<item><title>Gone</title><link>{base}/gone</link><guid>t-2</guid></item>"
        "</channel></rss>").encode())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()


def test_a_feed_is_ingested_and_its_broken_link_reported(site: str, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    result = run("ingest", f"{site}/world.rss", "--db", str(db), "--timeout", "5")
    assert result.returncode == 1
    assert f"{site}/gone" in result.stderr and "404" in result.stderr
    assert "new 1" in result.stderr and "failed 1" in result.stderr
    [(url, record, retrieved)] = rows(db, "SELECT url, record, retrieved FROM articles")
    assert url == f"{site}/baku-talks"
    assert str(record).endswith("t-1") and retrieved is not None
    assert rows(db, "SELECT kind, location FROM sources") == [("feed", f"{site}/world.rss")]


def test_an_unreachable_feed_is_one_named_failure(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run("ingest", f"http://127.0.0.1:{port}/feed.rss", "--db", str(tmp_path / "c.db"),
                 "--timeout", "2")
    assert result.returncode == 1
    assert f"http://127.0.0.1:{port}/feed.rss" in result.stderr
    assert "failed 1" in result.stderr


def write_warc(path: Path, pages: list[tuple[str, bytes]], cut: int = 0) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for uri, body in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            uri, "response", payload=io.BytesIO(body), http_headers=headers,
            warc_headers_dict={"WARC-Date": "2025-03-12T09:00:00Z"}))
    data = buffer.getvalue()
    path.write_bytes(data[: len(data) - cut] if cut else data)


def test_a_truncated_warc_keeps_its_whole_records(tmp_path: Path) -> None:
    archive = tmp_path / "news.warc.gz"
    write_warc(archive, [("https://wire.example/a", page("Talks", MEETING_A)),
                         ("https://post.example/b", page("Talks", MEETING_B))], cut=200)
    db = tmp_path / "c.db"
    result = run("ingest", str(archive), "--db", str(db))
    assert result.returncode == 1
    assert "news.warc.gz" in result.stderr and "failed 1" in result.stderr
    [(url, record, offset, retrieved)] = rows(
        db, "SELECT url, record, record_offset, retrieved FROM articles")
    assert url == "https://wire.example/a"
    assert str(record).startswith("<urn:uuid:") and offset == 0
    assert str(retrieved).startswith("2025-03-12")
    assert rows(db, "SELECT kind FROM sources") == [("warc",)]


# --- databases ----------------------------------------------------------------------------

def test_a_locked_database_stops_the_run_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    open_store(str(db)).dispose()
    source = write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": MEETING_A}])
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = run("ingest", str(source), "--db", str(db), env={"BILAT_BUSY_TIMEOUT": "0.3"})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 3
    assert "locked by another process" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_read_only_database_is_named(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    open_store(str(db)).dispose()
    source = write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": MEETING_A}])
    result = run("ingest", str(source), "--db", f"sqlite:///file:{db}?mode=ro&uri=true")
    assert result.returncode == 3
    assert "read-only" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unusable_database_path_is_named(tmp_path: Path) -> None:
    result = run("ingest", "-", "--db", str(tmp_path / "no" / "such" / "dir" / "c.db"))
    assert result.returncode == 3
    assert "cannot open the database" in result.stderr


def _articles(tmp_path: Path, count: int) -> Path:
    texts = [MEETING_A, MEETING_B, TEACHER]
    return write_jsonl(tmp_path / "many.jsonl", [
        {"id": f"d{i}", "published": "2025-03-12", "text": texts[i % 3] + " " + "More. " * i * 40}
        for i in range(count)
    ])


def test_disk_full_stops_the_run_and_keeps_what_was_committed(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    engine = open_store(str(db))
    with engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    @event.listens_for(engine, "connect")
    def _small_disk(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        # SQLite's own quota: past it, writes fail exactly as on a full disk (SQLITE_FULL)
        dbapi_connection.execute(f"PRAGMA max_page_count = {int(pages) + 12}")

    engine.dispose()  # reconnect with the quota
    ingester = Ingester(engine, batch_articles=2)
    with pytest.raises(StoreFault, match="disk is full"):
        ingester.ingest([str(_articles(tmp_path, 12))])
    engine.dispose()
    kept = rows(db, "SELECT count(*) FROM articles")[0][0]
    assert kept >= 1  # type: ignore[operator]
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db, "SELECT count(*) FROM events WHERE cluster_id IS NULL") == [(0,)]


class Proxy:
    """A TCP relay to the PostgreSQL server that can be pulled out, like a cable."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.open = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while self.open:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass

    def pull(self) -> None:
        self.open = False
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread
        self.listener.close()
        for s in self.sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()


@pytest.mark.skipif(not POSTGRES, reason="BILAT_TEST_POSTGRES is not set")
def test_a_postgresql_server_going_away_mid_ingest(tmp_path: Path) -> None:
    assert POSTGRES
    url = create_engine(POSTGRES).url
    schema = f"gone_{os.getpid()}"
    admin = create_engine(POSTGRES)
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"))
    proxy = Proxy((url.host or "localhost", url.port or 5432))
    relayed = url.set(host="127.0.0.1", port=proxy.port,
                      query={"options": f"-csearch_path={schema}"})
    engine = open_store(relayed.render_as_string(hide_password=False))
    ingester = Ingester(engine, batch_articles=1)

    def pull_after_first(counts: IngestCounts, _message: str | None) -> None:
        if counts.new == 1 and proxy.open:
            proxy.pull()

    try:
        with pytest.raises(StoreFault, match="server went away|database error"):
            ingester.ingest([str(_articles(tmp_path, 4))], progress=pull_after_first)
    finally:
        engine.dispose()
    with admin.begin() as conn:
        kept = conn.execute(text(f"SELECT id FROM {schema}.articles")).scalars().all()
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()
    assert kept == ["d0"]
