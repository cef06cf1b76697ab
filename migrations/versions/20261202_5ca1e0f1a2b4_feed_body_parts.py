"""feed bodies in parts: the identity body of a feed stored in parts of at most 1 MiB

Revision ID: 5ca1e0f1a2b4
Revises: 5ca1e0f1a2b3
Create Date: 2026-12-02 12:00:00

Stored feeds are caches: they are dropped here and rebuilt on their next request (same bytes,
so the same ETag; Last-Modified no earlier than the rebuild).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5ca1e0f1a2b4'
down_revision = '5ca1e0f1a2b3'
branch_labels = None
depends_on = None


def upgrade():
    op.execute('DELETE FROM feed_bodies')
    op.execute('DELETE FROM feed_states')
    op.create_table('feed_body_parts',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('key', 'seq', name=op.f('pk_feed_body_parts'))
    )
    with op.batch_alter_table('feed_bodies', schema=None) as batch_op:
        batch_op.drop_column('body')


def downgrade():
    op.execute('DELETE FROM feed_bodies')
    op.execute('DELETE FROM feed_states')
    with op.batch_alter_table('feed_bodies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body', sa.LargeBinary(), nullable=False))
    op.drop_table('feed_body_parts')
