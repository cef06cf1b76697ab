"""events: expected participants (sample field of the field-spec refactor)

Revision ID: 5a3e1c0d9b27
Revises: e3800efaabb0
Create Date: 2026-12-02 12:05:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5a3e1c0d9b27'
down_revision = 'e3800efaabb0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events') as batch_op:
        batch_op.add_column(sa.Column('expected_participants', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('events') as batch_op:
        batch_op.drop_column('expected_participants')
