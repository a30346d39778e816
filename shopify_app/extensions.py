"""Shared clients, each attached to the app with init_app and kept in app.extensions."""
from __future__ import annotations

import redis
from flask import Flask, current_app
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from rq import Queue
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()

# Publishing and small interactive work first, big batch work last: RQ workers
# take from the queues in this order.
QUEUE_NAMES = ("high", "default", "low")


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    """Web and worker processes share one SQLite file: WAL plus a busy timeout."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


class RedisExtension:
    """One Redis connection pool per app, in app.extensions['redis']."""

    def init_app(self, app: Flask) -> None:
        app.extensions["redis"] = redis.Redis.from_url(
            app.config["REDIS_URL"], socket_timeout=10, socket_connect_timeout=5,
            health_check_interval=30,
        )

    @property
    def client(self) -> redis.Redis:
        return current_app.extensions["redis"]


class QueueExtension:
    """RQ queues by priority, sharing the app's Redis connection."""

    def init_app(self, app: Flask) -> None:
        connection = app.extensions["redis"]
        prefix = app.config["SHELF_QUEUE_PREFIX"]
        app.extensions["queues"] = {
            name: Queue(f"{prefix}-{name}", connection=connection) for name in QUEUE_NAMES
        }

    def get(self, name: str = "default") -> Queue:
        return current_app.extensions["queues"][name]

    def all(self) -> list[Queue]:
        queues = current_app.extensions["queues"]
        return [queues[name] for name in QUEUE_NAMES]


redis_ext = RedisExtension()
queues = QueueExtension()
