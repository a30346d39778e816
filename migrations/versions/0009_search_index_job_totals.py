"""job search index and per-shop job totals

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-02 08:00:00.000000

SQLite: an FTS5 index over jobs.search_text, synced by triggers. PostgreSQL: a
trigram GIN index on jobs.search_text. Both: shop_job_totals, kept by triggers
on jobs, and the first product titles of a job's items appended to its search text.
"""
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

# A job's search text takes the product titles of its first items, up to this length:
# enough to find a job by a product, and no work at all for the items after them.
SEARCH_TEXT_CAP = 2000
SEARCH_ITEMS = 25

SQLITE_UP = [
    """CREATE VIRTUAL TABLE jobs_fts USING fts5(search_text, content='jobs',
       content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER jobs_fts_insert AFTER INSERT ON jobs BEGIN
         INSERT INTO jobs_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
       END""",
    """CREATE TRIGGER jobs_fts_delete AFTER DELETE ON jobs BEGIN
         INSERT INTO jobs_fts (jobs_fts, rowid, search_text)
         VALUES ('delete', old.rowid, old.search_text);
       END""",
    """CREATE TRIGGER jobs_fts_update AFTER UPDATE OF search_text ON jobs BEGIN
         INSERT INTO jobs_fts (jobs_fts, rowid, search_text)
         VALUES ('delete', old.rowid, old.search_text);
         INSERT INTO jobs_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
       END""",
    """CREATE TRIGGER jobs_totals_insert AFTER INSERT ON jobs BEGIN
         INSERT INTO shop_job_totals (shop_id, kind, jobs, succeeded, published, pending_review)
         VALUES (new.shop_id, new.kind, 1, new.succeeded, new.published, new.pending_review)
         ON CONFLICT (shop_id, kind) DO UPDATE SET jobs = jobs + 1,
           succeeded = succeeded + excluded.succeeded, published = published + excluded.published,
           pending_review = pending_review + excluded.pending_review;
       END""",
    """CREATE TRIGGER jobs_totals_update AFTER UPDATE OF shop_id, kind, succeeded, published,
         pending_review ON jobs
       WHEN old.shop_id IS NOT new.shop_id OR old.kind IS NOT new.kind
         OR old.succeeded IS NOT new.succeeded OR old.published IS NOT new.published
         OR old.pending_review IS NOT new.pending_review
       BEGIN
         UPDATE shop_job_totals SET jobs = jobs - 1, succeeded = succeeded - old.succeeded,
           published = published - old.published, pending_review = pending_review - old.pending_review
         WHERE shop_id = old.shop_id AND kind = old.kind;
         INSERT INTO shop_job_totals (shop_id, kind, jobs, succeeded, published, pending_review)
         VALUES (new.shop_id, new.kind, 1, new.succeeded, new.published, new.pending_review)
         ON CONFLICT (shop_id, kind) DO UPDATE SET jobs = jobs + 1,
           succeeded = succeeded + excluded.succeeded, published = published + excluded.published,
           pending_review = pending_review + excluded.pending_review;
       END""",
    """CREATE TRIGGER jobs_totals_delete AFTER DELETE ON jobs BEGIN
         UPDATE shop_job_totals SET jobs = jobs - 1, succeeded = succeeded - old.succeeded,
           published = published - old.published, pending_review = pending_review - old.pending_review
         WHERE shop_id = old.shop_id AND kind = old.kind;
       END""",
    f"""CREATE TRIGGER job_items_search AFTER INSERT ON job_items
       WHEN new.position < {SEARCH_ITEMS} AND new.product_title IS NOT NULL
         AND new.product_title != '' BEGIN
         UPDATE jobs SET search_text = search_text || ' ' || lower(new.product_title)
         WHERE id = new.job_id AND length(search_text) < {SEARCH_TEXT_CAP}
           AND instr(search_text, lower(new.product_title)) = 0;
       END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS job_items_search",
    "DROP TRIGGER IF EXISTS jobs_totals_delete",
    "DROP TRIGGER IF EXISTS jobs_totals_update",
    "DROP TRIGGER IF EXISTS jobs_totals_insert",
    "DROP TRIGGER IF EXISTS jobs_fts_update",
    "DROP TRIGGER IF EXISTS jobs_fts_delete",
    "DROP TRIGGER IF EXISTS jobs_fts_insert",
    "DROP TABLE IF EXISTS jobs_fts",
]

POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_jobs_search_trgm ON jobs USING gin (search_text gin_trgm_ops)",
    """CREATE FUNCTION shelf_job_totals() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP IN ('UPDATE', 'DELETE') THEN
           UPDATE shop_job_totals SET jobs = jobs - 1, succeeded = succeeded - OLD.succeeded,
             published = published - OLD.published,
             pending_review = pending_review - OLD.pending_review
           WHERE shop_id = OLD.shop_id AND kind = OLD.kind;
         END IF;
         IF TG_OP IN ('UPDATE', 'INSERT') THEN
           INSERT INTO shop_job_totals (shop_id, kind, jobs, succeeded, published, pending_review)
           VALUES (NEW.shop_id, NEW.kind, 1, NEW.succeeded, NEW.published, NEW.pending_review)
           ON CONFLICT (shop_id, kind) DO UPDATE SET jobs = shop_job_totals.jobs + 1,
             succeeded = shop_job_totals.succeeded + EXCLUDED.succeeded,
             published = shop_job_totals.published + EXCLUDED.published,
             pending_review = shop_job_totals.pending_review + EXCLUDED.pending_review;
         END IF;
         RETURN NULL;
       END $$""",
    """CREATE TRIGGER jobs_totals_insert AFTER INSERT ON jobs
       FOR EACH ROW EXECUTE FUNCTION shelf_job_totals()""",
    """CREATE TRIGGER jobs_totals_update AFTER UPDATE OF shop_id, kind, succeeded, published,
         pending_review ON jobs FOR EACH ROW
       WHEN (OLD.shop_id IS DISTINCT FROM NEW.shop_id OR OLD.kind IS DISTINCT FROM NEW.kind
         OR OLD.succeeded IS DISTINCT FROM NEW.succeeded
         OR OLD.published IS DISTINCT FROM NEW.published
         OR OLD.pending_review IS DISTINCT FROM NEW.pending_review)
       EXECUTE FUNCTION shelf_job_totals()""",
    """CREATE TRIGGER jobs_totals_delete AFTER DELETE ON jobs
       FOR EACH ROW EXECUTE FUNCTION shelf_job_totals()""",
    f"""CREATE FUNCTION shelf_job_items_search() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE jobs SET search_text = search_text || ' ' || lower(NEW.product_title)
         WHERE id = NEW.job_id AND length(search_text) < {SEARCH_TEXT_CAP}
           AND strpos(search_text, lower(NEW.product_title)) = 0;
         RETURN NULL;
       END $$""",
    f"""CREATE TRIGGER job_items_search AFTER INSERT ON job_items FOR EACH ROW
       WHEN (NEW.position < {SEARCH_ITEMS} AND NEW.product_title IS NOT NULL
         AND NEW.product_title <> '')
       EXECUTE FUNCTION shelf_job_items_search()""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS job_items_search ON job_items",
    "DROP FUNCTION IF EXISTS shelf_job_items_search()",
    "DROP TRIGGER IF EXISTS jobs_totals_delete ON jobs",
    "DROP TRIGGER IF EXISTS jobs_totals_update ON jobs",
    "DROP TRIGGER IF EXISTS jobs_totals_insert ON jobs",
    "DROP FUNCTION IF EXISTS shelf_job_totals()",
    "DROP INDEX IF EXISTS ix_jobs_search_trgm",
]


def _fold(value):
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def upgrade():
    op.create_table('shop_job_totals',
    sa.Column('shop_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('jobs', sa.BigInteger(), nullable=False),
    sa.Column('succeeded', sa.BigInteger(), nullable=False),
    sa.Column('published', sa.BigInteger(), nullable=False),
    sa.Column('pending_review', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('shop_id', 'kind')
    )
    bind = op.get_bind()
    # Existing search text loses its accents, as new jobs' text does.
    rows = bind.execute(sa.text("SELECT id, search_text FROM jobs")).all()
    for job_id, text in rows:
        if text and _fold(text) != text:
            bind.execute(sa.text("UPDATE jobs SET search_text = :text WHERE id = :id"),
                         {"text": _fold(text), "id": job_id})
    op.execute(
        "INSERT INTO shop_job_totals (shop_id, kind, jobs, succeeded, published, pending_review) "
        "SELECT shop_id, kind, count(*), coalesce(sum(succeeded), 0), "
        "coalesce(sum(published), 0), coalesce(sum(pending_review), 0) "
        "FROM jobs GROUP BY shop_id, kind"
    )
    statements = SQLITE_UP if bind.dialect.name == "sqlite" else POSTGRES_UP
    for statement in statements:
        op.execute(statement)
    if bind.dialect.name == "sqlite":
        op.execute("INSERT INTO jobs_fts (jobs_fts) VALUES ('rebuild')")


def downgrade():
    bind = op.get_bind()
    for statement in SQLITE_DOWN if bind.dialect.name == "sqlite" else POSTGRES_DOWN:
        op.execute(statement)
    op.drop_table('shop_job_totals')
