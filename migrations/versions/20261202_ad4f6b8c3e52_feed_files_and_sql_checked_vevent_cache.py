"""feed files: identity bodies leave the database; VEVENT cache validity compared in SQL

Revision ID: ad4f6b8c3e52
Revises: 9c3e5a7b2d41
Create Date: 2026-12-02 16:20:00

The identity body of a feed is now kept in a local file per host, filled from the stored gzip
body (see services/feeds.py), so `feed_body_parts` goes. The VEVENT cache's one string key is
split into the columns it was made of, so a rebuild can compare them in SQL, from an index
(as the fingerprint and span of a feed's events now are, from a wider index on events). Both are caches:
the cached VEVENTs are dropped here and written again by the next rebuild of each feed.
On PostgreSQL the gzip body is stored without TOAST compression (it is compressed already).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ad4f6b8c3e52'
down_revision = '9c3e5a7b2d41'
branch_labels = None
depends_on = None

_NARROW = ['campaign_id', 'status', 'starts_on', 'id', 'kind', 'region_id']
# ... and what a feed's fingerprint and span of years read, so they come from the index alone.
_WIDE = _NARROW + ['ends_on', 'updated_at', 'sequence']
# The month calendar's index gains the id: PostgreSQL has no rowid, so its window over the
# events of a few weeks visited every row of them instead of reading the index alone.
_SPAN = ['starts_on', 'ends_on', 'status', 'campaign_id', 'is_all_day', 'starts_at']


def upgrade():
    op.drop_table('feed_body_parts')
    op.execute('DELETE FROM vevent_cache')
    with op.batch_alter_table('vevent_cache', schema=None) as batch_op:
        batch_op.add_column(sa.Column('context', sa.String(length=16), nullable=False))
        batch_op.add_column(sa.Column('sequence', sa.Integer(), nullable=False))
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(), nullable=False))
        batch_op.drop_column('cache_key')
        batch_op.create_index(
            'ix_vevent_cache_validity', ['event_id', 'context', 'sequence', 'updated_at'], unique=False
        )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_campaign_status_start')
        batch_op.create_index('ix_events_campaign_status_start', _WIDE, unique=False)
        batch_op.drop_index('ix_events_span')
        batch_op.create_index('ix_events_span', _SPAN + ['id'], unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE feed_bodies ALTER COLUMN body_gzip SET STORAGE EXTERNAL')
        op.execute('ALTER TABLE vevent_cache ALTER COLUMN body SET STORAGE EXTERNAL')


def downgrade():
    op.execute('DELETE FROM vevent_cache')
    op.execute('DELETE FROM feed_bodies')
    op.execute('DELETE FROM feed_states')
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE feed_bodies ALTER COLUMN body_gzip SET STORAGE EXTENDED')
        op.execute('ALTER TABLE vevent_cache ALTER COLUMN body SET STORAGE EXTENDED')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_campaign_status_start')
        batch_op.create_index('ix_events_campaign_status_start', _NARROW, unique=False)
        batch_op.drop_index('ix_events_span')
        batch_op.create_index('ix_events_span', _SPAN, unique=False)
    with op.batch_alter_table('vevent_cache', schema=None) as batch_op:
        batch_op.drop_index('ix_vevent_cache_validity')
        batch_op.add_column(sa.Column('cache_key', sa.String(length=64), nullable=False))
        batch_op.drop_column('updated_at')
        batch_op.drop_column('sequence')
        batch_op.drop_column('context')
    op.create_table('feed_body_parts',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('key', 'seq', name=op.f('pk_feed_body_parts'))
    )
