"""Session-wide fixtures: a real Redis server started for the test run."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator

import pytest
import redis as redis_lib


def pytest_configure(config: pytest.Config) -> None:
    # A metrics directory exported by the developer's shell would make every
    # test process write prometheus files there (and fail if it is missing);
    # tests keep metrics in-process, and the metrics test names its own.
    os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def redis_server() -> Iterator[str]:
    """Start a throwaway redis-server and yield its base URL (no database number)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed: run `make setup`")
    port = _free_port()
    workdir = tempfile.mkdtemp(prefix="shelf-redis-")
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", workdir],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    client = redis_lib.Redis(port=port)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis_lib.ConnectionError:
            if time.monotonic() > deadline:
                proc.kill()
                pytest.fail("redis-server did not start")
            time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def redis_url(redis_server: str) -> Iterator[str]:
    """A flushed Redis database for one test."""
    url = f"{redis_server}/0"
    client = redis_lib.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()


@pytest.fixture
def redis_client(redis_url: str) -> redis_lib.Redis:
    return redis_lib.Redis.from_url(redis_url)


os.environ.setdefault("SHELF_TESTING", "1")


# --- the app -----------------------------------------------------------------

API_KEY = "test-api-key-0123456789abcdef0123"
API_SECRET = "test-api-secret-0123456789abcdef0123456789"


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Run the real migrations once; each test gets a copy of the resulting file."""
    from flask_migrate import upgrade

    from shopify_app import create_app

    path = tmp_path_factory.mktemp("db-template") / "template.db"
    app = create_app({"ENV": {"SHOPIFY_API_KEY": API_KEY, "SHOPIFY_API_SECRET": API_SECRET,
                              "SHELF_ENCRYPTION_KEY": "test-encryption-key",
                              "DATABASE_URL": f"sqlite:///{path}"}})
    with app.app_context():
        upgrade()
        from shopify_app.extensions import db

        # Closing the last connection checkpoints SQLite's WAL into the file we copy.
        db.engine.dispose()
    return str(path)


def app_env(redis_url: str, database_url: str, **extra: str) -> dict[str, str]:
    return {"SHOPIFY_API_KEY": API_KEY, "SHOPIFY_API_SECRET": API_SECRET,
            "SHELF_ENCRYPTION_KEY": "test-encryption-key", "REDIS_URL": redis_url,
            "DATABASE_URL": database_url, "SHELF_QUEUE_PREFIX": "test-shelf",
            "SHELF_EXTRA_KINDS": "tests.support.kinds,tests.support.shout_kind",
            # The limiter runs on every API call, but only its own tests reach the limit.
            "SHELF_API_RATE_PER_MINUTE": "1000000", **extra}


@pytest.fixture(scope="session")
def postgres_url() -> str | None:
    """With SHELF_TEST_DATABASE_URL set (make test-postgres), migrate it once per session."""
    url = os.environ.get("SHELF_TEST_DATABASE_URL")
    if not url:
        return None
    from flask_migrate import upgrade

    from shopify_app import create_app

    app = create_app({"ENV": {"SHOPIFY_API_KEY": API_KEY, "SHOPIFY_API_SECRET": API_SECRET,
                              "SHELF_ENCRYPTION_KEY": "test-encryption-key",
                              "DATABASE_URL": url}})
    with app.app_context():
        upgrade()
        from shopify_app.extensions import db

        db.engine.dispose()
    return url


def _truncate_postgres(url: str) -> None:
    import sqlalchemy

    engine = sqlalchemy.create_engine(url)
    with engine.begin() as connection:
        tables = [name for name in sqlalchemy.inspect(connection).get_table_names()
                  if name != "alembic_version"]
        if tables:
            connection.execute(sqlalchemy.text(
                f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def database_url(request, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A fresh, migrated database per test: a copied SQLite file, or a truncated PostgreSQL."""
    postgres = request.getfixturevalue("postgres_url")
    if postgres:
        yield postgres
        _truncate_postgres(postgres)
        return
    target = tmp_path / "shelf.db"
    shutil.copyfile(request.getfixturevalue("migrated_sqlite"), target)
    yield f"sqlite:///{target}"


@pytest.fixture
def make_app(redis_url: str, database_url: str, tmp_path):  # type: ignore[no-untyped-def]
    """Build an app with extra environment, e.g. make_app(SHELF_DEV_LOGIN="1")."""
    from shopify_app import create_app

    def build(**extra: str):  # type: ignore[no-untyped-def]
        os.environ["SHELF_COUNTER_REDIS_URL"] = redis_url
        app = create_app({"ENV": app_env(redis_url, database_url, **extra), "TESTING": True})
        app.instance_path = str(tmp_path / "instance")
        return app

    return build


@pytest.fixture
def app(make_app):  # type: ignore[no-untyped-def]
    app = make_app()
    with app.app_context():
        yield app
        from shopify_app.extensions import db

        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture
def tokens():  # type: ignore[no-untyped-def]
    from tests.helpers import SessionTokens

    return SessionTokens(API_KEY, API_SECRET)


@pytest.fixture
def shopify_oauth():  # type: ignore[no-untyped-def]
    """Mock Shopify's token endpoint for any shop; counts exchanges and refreshes."""
    import responses

    from tests.helpers import OAuthMock

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield OAuthMock(mock)


@pytest.fixture
def run_worker(app):  # type: ignore[no-untyped-def]
    """Drain the app's queues with a real RQ SimpleWorker (no fork)."""
    from rq import SimpleWorker

    def run() -> None:
        queues = app.extensions["queues"]
        worker = SimpleWorker([queues[n] for n in ("high", "default", "low")],
                              connection=app.extensions["redis"])
        worker.work(burst=True)

    return run


@pytest.fixture
def worker_processes(redis_url, database_url):  # type: ignore[no-untyped-def]
    """Start real `python -m workers.worker` processes against the test database and Redis."""
    import sys

    started: list[subprocess.Popen] = []
    env = {**os.environ, **app_env(redis_url, database_url), "SHELF_COUNTER_REDIS_URL": redis_url}

    def start(count: int = 1, *, burst: bool = True, **extra: str) -> list[subprocess.Popen]:
        procs = [subprocess.Popen([sys.executable, "-m", "workers.worker",
                                   *(["--burst"] if burst else [])],
                                  env={**env, **extra}, cwd=os.path.dirname(os.path.dirname(
                                      os.path.abspath(__file__))),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  start_new_session=True)
                 for _ in range(count)]
        started.extend(procs)
        return procs

    yield start
    from tests.helpers import kill_tree

    # Kill every descendant: RQ's scheduler child shares the worker's Redis socket, and
    # a survivor would keep a dead BLPOP alive that swallows the next test's jobs.
    for proc in started:
        kill_tree(proc.pid)
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def smtp_server_session() -> Iterator[object]:
    """One aiosmtpd server on a free loopback port for the whole run."""
    from tests.support.smtp import SmtpServer

    server = SmtpServer("127.0.0.1", _free_port())
    server.controller.start()
    try:
        yield server
    finally:
        server.controller.stop()


@pytest.fixture
def smtp_server(smtp_server_session):  # type: ignore[no-untyped-def]
    """The test SMTP server, emptied and accepting mail: `.url`, `.messages`, `.refuse()`."""
    smtp_server_session.reset()
    yield smtp_server_session
    smtp_server_session.reset()
