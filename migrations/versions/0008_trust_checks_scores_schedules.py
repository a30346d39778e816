"""fact checks, SEO scores, proposals, pausing and scheduled sweeps

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 08:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('job_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checks_json', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('flagged', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('seo_json', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('seo_score', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('proposals_json', sa.Text(), nullable=True))
        batch_op.create_index('ix_job_items_job_flagged', ['job_id', 'flagged', 'id'],
                              unique=False)
        batch_op.create_index('ix_job_items_job_seo', ['job_id', 'seo_score', 'id'],
                              unique=False)
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('flagged', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('seo_average', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('seo_average_before', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('schedule_id', sa.String(length=26), nullable=True))
        batch_op.add_column(sa.Column('paused_by', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('paused_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('paused_from', sa.String(length=30), nullable=True))
    op.create_table('schedules',
    sa.Column('id', sa.String(length=26), nullable=False),
    sa.Column('shop_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('template_json', sa.Text(), nullable=False),
    sa.Column('frequency', sa.String(length=10), nullable=False),
    sa.Column('hour', sa.Integer(), nullable=False),
    sa.Column('minute', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=True),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('paused', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=True),
    sa.Column('next_run_at', sa.DateTime(), nullable=True),
    sa.Column('last_run_at', sa.DateTime(), nullable=True),
    sa.Column('last_outcome', sa.String(length=20), nullable=True),
    sa.Column('last_job_id', sa.String(length=26), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('schedules', schema=None) as batch_op:
        batch_op.create_index('ix_schedules_due', ['paused', 'next_run_at'], unique=False)
        batch_op.create_index('ix_schedules_shop', ['shop_id', 'created_at'], unique=False)
    op.create_table('schedule_runs',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('schedule_id', sa.String(length=26), nullable=False),
    sa.Column('period', sa.String(length=32), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('job_id', sa.String(length=26), nullable=True),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['schedule_id'], ['schedules.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('schedule_id', 'period', name='uq_schedule_runs_period')
    )


def downgrade():
    op.drop_table('schedule_runs')
    with op.batch_alter_table('schedules', schema=None) as batch_op:
        batch_op.drop_index('ix_schedules_shop')
        batch_op.drop_index('ix_schedules_due')
    op.drop_table('schedules')
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_column('paused_from')
        batch_op.drop_column('paused_at')
        batch_op.drop_column('paused_by')
        batch_op.drop_column('schedule_id')
        batch_op.drop_column('seo_average_before')
        batch_op.drop_column('seo_average')
        batch_op.drop_column('flagged')
    with op.batch_alter_table('job_items', schema=None) as batch_op:
        batch_op.drop_index('ix_job_items_job_seo')
        batch_op.drop_index('ix_job_items_job_flagged')
        batch_op.drop_column('proposals_json')
        batch_op.drop_column('seo_score')
        batch_op.drop_column('seo_json')
        batch_op.drop_column('flagged')
        batch_op.drop_column('checks_json')
