"""per-shop Redis namespace, first-admin claim, webhook attempts

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 07:05:00.000000

"""
import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('shops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('redis_namespace', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('admin_claimed_by', sa.String(length=64), nullable=True))

    connection = op.get_bind()
    shops = sa.table('shops', sa.column('id', sa.Integer),
                     sa.column('redis_namespace', sa.String),
                     sa.column('admin_claimed_by', sa.String))
    staff = sa.table('staff_members', sa.column('id', sa.Integer),
                     sa.column('shop_id', sa.Integer),
                     sa.column('shopify_user_id', sa.String),
                     sa.column('role', sa.String))
    for (shop_id,) in connection.execute(sa.select(shops.c.id)).all():
        # The first-admin claim is taken once a shop has any staff: the earliest admin
        # (or, with none left, the earliest staff member) holds it.
        first = connection.execute(
            sa.select(staff.c.shopify_user_id).where(staff.c.shop_id == shop_id)
            .order_by((staff.c.role != 'admin'), staff.c.id).limit(1)).scalar()
        connection.execute(shops.update().where(shops.c.id == shop_id).values(
            redis_namespace=secrets.token_hex(16), admin_claimed_by=first))

    with op.batch_alter_table('shops', schema=None) as batch_op:
        batch_op.alter_column('redis_namespace', existing_type=sa.String(length=32),
                              nullable=False)
        batch_op.create_unique_constraint('uq_shops_redis_namespace', ['redis_namespace'])

    with op.batch_alter_table('webhook_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attempts', sa.Integer(), server_default='0',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('webhook_events', schema=None) as batch_op:
        batch_op.drop_column('attempts')

    with op.batch_alter_table('shops', schema=None) as batch_op:
        batch_op.drop_constraint('uq_shops_redis_namespace', type_='unique')
        batch_op.drop_column('admin_claimed_by')
        batch_op.drop_column('redis_namespace')
