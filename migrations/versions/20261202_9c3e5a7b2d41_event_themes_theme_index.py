"""event_themes: index by theme, for the theme filter of the event list

Revision ID: 9c3e5a7b2d41
Revises: 8b2d4f6a1c90
Create Date: 2026-12-02 13:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '9c3e5a7b2d41'
down_revision = '8b2d4f6a1c90'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event_themes', schema=None) as batch_op:
        batch_op.create_index('ix_event_themes_theme_event', ['theme_id', 'event_id'], unique=False)


def downgrade():
    with op.batch_alter_table('event_themes', schema=None) as batch_op:
        batch_op.drop_index('ix_event_themes_theme_event')
