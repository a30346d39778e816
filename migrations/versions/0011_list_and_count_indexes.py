"""indexes for the job page's counts, the jobs lists' filters and the monitor

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 16:00:00.000000

- The job page's tabs count a job's items by status and publish status. With
  (job_id, status, publish_status) the count reads only this index, not the items:
  a 20,000-item job's counts took 23 ms and now take 5.
- The jobs lists order by (created_at, id). The status and kind indexes ended at
  created_at, so SQLite served "status = publishing" or one kind's jobs (catalogs among
  thousands of descriptions) by walking all of a shop's jobs newest first, reading each
  row. Ending them with id lets either filter read just its own jobs, in order.
- The monitor reads a shop's latest events by id; (shop_id, created_at) made it
  sort all of the shop's events first (160 ms at 360,000 events). Nothing reads
  a shop's events by time, so (shop_id, id) replaces it.

On PostgreSQL each index is built without blocking writes to its table.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

# (table, new index, columns, the index it replaces or None)
INDEXES = [
    ("job_items", "ix_job_items_job_counts", ["job_id", "status", "publish_status"], None),
    ("jobs", "ix_jobs_shop_status_order", ["shop_id", "archived", "status", "created_at", "id"],
     ("ix_jobs_shop_status", ["shop_id", "archived", "status", "created_at"])),
    ("jobs", "ix_jobs_shop_kind_order", ["shop_id", "archived", "kind", "created_at", "id"],
     ("ix_jobs_shop_kind", ["shop_id", "archived", "kind", "created_at"])),
    ("job_events", "ix_job_events_shop_recent", ["shop_id", "id"],
     ("ix_job_events_shop_created", ["shop_id", "created_at"])),
]


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _create(table: str, name: str, columns: list[str]) -> None:
    if _postgres():
        # Concurrently: live shops keep writing while a large table is indexed.
        with op.get_context().autocommit_block():
            op.create_index(name, table, columns, postgresql_concurrently=True,
                            if_not_exists=True)
    else:
        op.create_index(name, table, columns, if_not_exists=True)


def _drop(table: str, name: str) -> None:
    if _postgres():
        with op.get_context().autocommit_block():
            op.drop_index(name, table, postgresql_concurrently=True, if_exists=True)
    else:
        op.drop_index(name, table, if_exists=True)


def upgrade():
    for table, name, columns, replaced in INDEXES:
        _create(table, name, columns)  # the new one first: no moment without either
        if replaced:
            _drop(table, replaced[0])


def downgrade():
    for table, name, _, replaced in reversed(INDEXES):
        if replaced:
            _create(table, *replaced)
        _drop(table, name)
