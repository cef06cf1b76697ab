"""events: index by campaign, status and start date for the retrospective figures

Revision ID: 5ca1e0f1a2b3
Revises: c4a7e91d2b10
Create Date: 2026-12-02 11:40:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5ca1e0f1a2b3'
down_revision = 'c4a7e91d2b10'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(
            'ix_events_campaign_status_start',
            ['campaign_id', 'status', 'starts_on', 'id', 'kind', 'region_id'],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_campaign_status_start')
