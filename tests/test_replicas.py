"""Two real Datasette processes behind a real nginx keep answering while a publish replaces
their copies of the database and they are restarted one at a time."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest

from billtracker import storage
from billtracker.errors import PublishError
from billtracker.ingest.importer import import_paths
from billtracker.publishing.publish import publish, publish_to
from billtracker.publishing.serve import datasette_command
from conftest import TEXTS

NGINX_CONF = """
{user}
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    upstream datasette {{
        server 127.0.0.1:{port_a} max_fails=0;
        server 127.0.0.1:{port_b} max_fails=0;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://datasette;
            proxy_next_upstream error timeout http_502 http_503;
            proxy_connect_timeout 2s;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 5) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def wait_until_up(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if get(url, timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"nothing answered at {url}")


class Datasette:
    def __init__(self, path, log):
        self.path, self.log, self.port, self.proc = path, log, free_port(), None

    def start(self):
        command = [*datasette_command(), "serve", "-i", str(self.path)]
        command += ["--port", str(self.port), "--host", "127.0.0.1"]
        self.proc = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT)
        wait_until_up(f"{self.url}/published.json")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)

    def bills(self) -> int:
        status, _, body = get(
            f"{self.url}/published.json?sql=select+count(*)+as+n+from+bills&_shape=array"
        )
        assert status == 200
        return json.loads(body)[0]["n"]


def nginx_binary() -> str:
    found = shutil.which("nginx") or (os.path.exists("/usr/sbin/nginx") and "/usr/sbin/nginx")
    if not found:
        pytest.fail(
            "nginx is not installed, so replicated serving cannot be tested: "
            "`apt-get install nginx` (as root; `make test` does it) and run again"
        )
    return found


def count_bills(path) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("select count(*) from bills").fetchone()[0]
    finally:
        conn.close()


def working_db(path, texts):
    db = storage.open_db(path)
    try:
        import_paths(db, texts)
    finally:
        db.close()


@pytest.fixture(scope="module")
def replicated(tmp_path_factory):
    nginx = nginx_binary()
    root = tmp_path_factory.mktemp("replicas")
    working, published = root / "working.db", root / "published.db"
    dirs = [root / "a", root / "b"]
    texts = sorted(TEXTS.glob("*.txt"))
    working_db(working, texts[:10])
    publish(working, published, to=dirs)
    before = count_bills(published)
    log = open(root / "datasette.log", "ab")
    servers = [Datasette(d / "published.db", log) for d in dirs]
    prefix = root / "nginx"
    prefix.mkdir()
    port = free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            user="user root;" if os.geteuid() == 0 else "",
            prefix=prefix,
            port=port,
            port_a=servers[0].port,
            port_b=servers[1].port,
        )
    )
    nginx_proc = None
    held: list = []  # copies kept open while the test runs
    answers: list[tuple[int, str]] = []
    stop = threading.Event()
    try:
        for server in servers:
            server.start()
        nginx_proc = subprocess.Popen(
            [nginx, "-c", str(conf), "-p", str(prefix)],
            stdout=subprocess.DEVNULL,
            stderr=open(prefix / "stderr.log", "wb"),
        )
        front = f"http://127.0.0.1:{port}"
        wait_until_up(f"{front}/published.json")

        def hammer():
            while not stop.is_set():
                try:
                    status, headers, _ = get(f"{front}/published/bills.json?_size=5")
                    answers.append((status, headers.get("X-Upstream", "")))
                except OSError as e:
                    answers.append((0, str(e)))

        threads = [threading.Thread(target=hammer) for _ in range(4)]
        for t in threads:
            t.start()
        time.sleep(0.5)
        during_publish_from = len(answers)
        working_db(working, texts[10:])  # new bills arrive
        replaced = []
        for _ in range(3):
            publish(working, published, to=dirs)
            # hold each copy open, so a replaced file's inode cannot be reused by the next copy
            held += [(d / "published.db").open("rb") for d in dirs]
            replaced.append([os.fstat(f.fileno()).st_ino for f in held[-len(dirs) :]])
        during_publish = answers[during_publish_from:]
        # One instance at a time picks up the new file; nginx sends requests to the other.
        for server in servers:
            server.stop()
            time.sleep(0.3)
            server.start()
        time.sleep(0.5)
        stop.set()
        for t in threads:
            t.join(10)
        after = [s.bills() for s in servers]
        total = count_bills(published)
        yield {
            "answers": answers,
            "during_publish": during_publish,
            "upstreams": {f"127.0.0.1:{s.port}" for s in servers},
            "before": before,
            "after": after,
            "total": total,
            "replaced": replaced,
            "dirs": dirs,
            "published": published,
        }
    finally:
        for f in held:
            f.close()
        stop.set()
        if nginx_proc is not None:
            nginx_proc.terminate()
            nginx_proc.wait(10)
        for server in servers:
            server.stop()
        log.close()


def test_every_request_is_answered(replicated):
    failures = [a for a in replicated["answers"] if a[0] != 200]
    assert failures == []
    assert len(replicated["answers"]) > 50


def test_both_instances_answer(replicated):
    seen = {a[1].split(",")[-1].strip() for a in replicated["answers"]}
    assert replicated["upstreams"] <= seen


def test_requests_are_answered_while_the_copies_are_replaced(replicated):
    during = replicated["during_publish"]
    assert during and all(status == 200 for status, _ in during)


def test_each_publish_replaces_each_copy(replicated):
    inodes = replicated["replaced"]
    assert len({i[0] for i in inodes}) == 3 and len({i[1] for i in inodes}) == 3


def test_restarted_instances_serve_the_new_data(replicated):
    assert replicated["total"] > replicated["before"]
    assert replicated["after"] == [replicated["total"]] * 2


def test_copies_are_identical(replicated):
    source = replicated["published"].read_bytes()
    assert all((d / "published.db").read_bytes() == source for d in replicated["dirs"])


def test_no_temporary_files_left(replicated):
    leftover = [p.name for d in replicated["dirs"] for p in d.iterdir() if "publishing" in p.name]
    assert leftover == []


def test_publish_to_needs_a_source(tmp_path):
    with pytest.raises(PublishError, match="no published database"):
        publish_to(tmp_path / "missing.db", [tmp_path / "a"])


def test_publish_to_skips_the_source_itself(tmp_path):
    source = tmp_path / "published.db"
    working_db(source, sorted(TEXTS.glob("MO_*"))[:1])
    assert publish_to(source, [tmp_path]) == []
    assert publish_to(source, [tmp_path / "x"]) == [tmp_path / "x" / "published.db"]
