"""archived jobs in the per-shop job totals

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 13:00:00.000000

shop_job_totals also counts each shop's archived jobs, so a jobs list without
filters (archived or not, optionally one kind) takes its exact total from these
few rows instead of counting the shop's jobs. The triggers of 0009 are replaced
by ones that follow `archived` too.
"""
import importlib.util
from pathlib import Path

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

COUNTERS = "jobs, archived, succeeded, published, pending_review"
SQLITE_ADD = """INSERT INTO shop_job_totals (shop_id, kind, {counters})
         VALUES (new.shop_id, new.kind, 1, CASE WHEN new.archived THEN 1 ELSE 0 END,
                 new.succeeded, new.published, new.pending_review)
         ON CONFLICT (shop_id, kind) DO UPDATE SET jobs = jobs + 1,
           archived = archived + excluded.archived,
           succeeded = succeeded + excluded.succeeded, published = published + excluded.published,
           pending_review = pending_review + excluded.pending_review;""".format(counters=COUNTERS)
SQLITE_REMOVE = """UPDATE shop_job_totals SET jobs = jobs - 1,
           archived = archived - CASE WHEN old.archived THEN 1 ELSE 0 END,
           succeeded = succeeded - old.succeeded, published = published - old.published,
           pending_review = pending_review - old.pending_review
         WHERE shop_id = old.shop_id AND kind = old.kind;"""
SQLITE_DROP = ["DROP TRIGGER IF EXISTS jobs_totals_insert",
               "DROP TRIGGER IF EXISTS jobs_totals_update",
               "DROP TRIGGER IF EXISTS jobs_totals_delete"]
SQLITE_UP = [
    f"CREATE TRIGGER jobs_totals_insert AFTER INSERT ON jobs BEGIN {SQLITE_ADD} END",
    f"""CREATE TRIGGER jobs_totals_update AFTER UPDATE OF shop_id, kind, archived, succeeded,
         published, pending_review ON jobs
       WHEN old.shop_id IS NOT new.shop_id OR old.kind IS NOT new.kind
         OR old.archived IS NOT new.archived
         OR old.succeeded IS NOT new.succeeded OR old.published IS NOT new.published
         OR old.pending_review IS NOT new.pending_review
       BEGIN {SQLITE_REMOVE} {SQLITE_ADD} END""",
    f"CREATE TRIGGER jobs_totals_delete AFTER DELETE ON jobs BEGIN {SQLITE_REMOVE} END",
]

POSTGRES_UP = [
    """CREATE OR REPLACE FUNCTION shelf_job_totals() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP IN ('UPDATE', 'DELETE') THEN
           UPDATE shop_job_totals SET jobs = jobs - 1,
             archived = archived - CASE WHEN OLD.archived THEN 1 ELSE 0 END,
             succeeded = succeeded - OLD.succeeded, published = published - OLD.published,
             pending_review = pending_review - OLD.pending_review
           WHERE shop_id = OLD.shop_id AND kind = OLD.kind;
         END IF;
         IF TG_OP IN ('UPDATE', 'INSERT') THEN
           INSERT INTO shop_job_totals (shop_id, kind, jobs, archived, succeeded, published,
                                        pending_review)
           VALUES (NEW.shop_id, NEW.kind, 1, CASE WHEN NEW.archived THEN 1 ELSE 0 END,
                   NEW.succeeded, NEW.published, NEW.pending_review)
           ON CONFLICT (shop_id, kind) DO UPDATE SET jobs = shop_job_totals.jobs + 1,
             archived = shop_job_totals.archived + EXCLUDED.archived,
             succeeded = shop_job_totals.succeeded + EXCLUDED.succeeded,
             published = shop_job_totals.published + EXCLUDED.published,
             pending_review = shop_job_totals.pending_review + EXCLUDED.pending_review;
         END IF;
         RETURN NULL;
       END $$""",
    "DROP TRIGGER IF EXISTS jobs_totals_update ON jobs",
    """CREATE TRIGGER jobs_totals_update AFTER UPDATE OF shop_id, kind, archived, succeeded,
         published, pending_review ON jobs FOR EACH ROW
       WHEN (OLD.shop_id IS DISTINCT FROM NEW.shop_id OR OLD.kind IS DISTINCT FROM NEW.kind
         OR OLD.archived IS DISTINCT FROM NEW.archived
         OR OLD.succeeded IS DISTINCT FROM NEW.succeeded
         OR OLD.published IS DISTINCT FROM NEW.published
         OR OLD.pending_review IS DISTINCT FROM NEW.pending_review)
       EXECUTE FUNCTION shelf_job_totals()""",
]


def _previous():
    """The 0009 module, whose trigger definitions a downgrade restores."""
    path = next(Path(__file__).parent.glob("0009_*.py"))
    spec = importlib.util.spec_from_file_location("shelf_migration_0009", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def upgrade():
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        for statement in SQLITE_DROP:
            op.execute(statement)
    op.add_column('shop_job_totals', sa.Column('archived', sa.BigInteger(), nullable=False,
                                               server_default='0'))
    op.execute(
        "UPDATE shop_job_totals SET archived = (SELECT count(*) FROM jobs "
        "WHERE jobs.shop_id = shop_job_totals.shop_id AND jobs.kind = shop_job_totals.kind "
        "AND jobs.archived)"
    )
    for statement in SQLITE_UP if sqlite else POSTGRES_UP:
        op.execute(statement)


def downgrade():
    bind = op.get_bind()
    previous = _previous()
    if bind.dialect.name == "sqlite":
        for statement in SQLITE_DROP:  # before the column goes: they name it
            op.execute(statement)
        with op.batch_alter_table('shop_job_totals') as batch_op:
            batch_op.drop_column('archived')
        for statement in previous.SQLITE_UP:
            if statement.startswith("CREATE TRIGGER jobs_totals_"):
                op.execute(statement)
        return
    op.execute("DROP TRIGGER IF EXISTS jobs_totals_update ON jobs")
    for statement in previous.POSTGRES_UP:
        if statement.startswith("CREATE FUNCTION shelf_job_totals()"):
            op.execute(statement.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))
        elif statement.startswith("CREATE TRIGGER jobs_totals_update"):
            op.execute(statement)
    op.drop_column('shop_job_totals', 'archived')
