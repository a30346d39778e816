"""an index that counts a job's items by status

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 16:00:00.000000

The job page's tabs count a job's items by status and publish status. With
(job_id, status, publish_status) the count reads only this index, not the
items themselves: a 20,000-item job's counts took 23 ms and now take 5. On
PostgreSQL it is built without blocking writes to the table.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

NAME = "ix_job_items_job_counts"
COLUMNS = ["job_id", "status", "publish_status"]


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        # Concurrently: live shops keep writing items while a large table is indexed.
        with op.get_context().autocommit_block():
            op.create_index(NAME, "job_items", COLUMNS, postgresql_concurrently=True,
                            if_not_exists=True)
    else:
        op.create_index(NAME, "job_items", COLUMNS, if_not_exists=True)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            op.drop_index(NAME, "job_items", postgresql_concurrently=True, if_exists=True)
    else:
        op.drop_index(NAME, "job_items", if_exists=True)
