"""events: covering index by start and end date for the month calendar

Revision ID: 8b2d4f6a1c90
Revises: 7a1c3e9b2d40
Create Date: 2026-12-02 13:05:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '8b2d4f6a1c90'
down_revision = '7a1c3e9b2d40'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(
            'ix_events_span',
            ['starts_on', 'ends_on', 'status', 'campaign_id', 'is_all_day', 'starts_at'],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_span')
