"""funding: row versions of programmes and calls, eligible applicant kinds, public label
moves the data version

Revision ID: c4a7e91d2b10
Revises: e3800efaabb0
Create Date: 2026-12-02 12:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4a7e91d2b10'
down_revision = 'e3800efaabb0'
branch_labels = None
depends_on = None

BUMP = 'UPDATE data_versions SET version = version + 1 WHERE id = 1'
#: Changes that can change the public "gefördert im Rahmen von …" label (and its amount).
LABEL_COLUMNS = {
    'funding_applications': 'status, granted_cents, event_id, project_id, call_id',
    'funding_programmes': 'name, publishes_amounts',
}
PUBLIC_STATES = "('approved', 'paid_out', 'proof_submitted', 'closed')"


def _triggers():
    """(name, timing and event, table, WHEN condition or None) of every label trigger."""
    return [
        ('funding_applications_label_insert', 'AFTER INSERT', 'funding_applications',
         f'NEW.status IN {PUBLIC_STATES}'),
        ('funding_applications_label_delete', 'AFTER DELETE', 'funding_applications',
         f'OLD.status IN {PUBLIC_STATES}'),
        ('funding_applications_label_update',
         f"AFTER UPDATE OF {LABEL_COLUMNS['funding_applications']}", 'funding_applications',
         f'OLD.status IN {PUBLIC_STATES} OR NEW.status IN {PUBLIC_STATES}'),
        ('funding_programmes_label_update',
         f"AFTER UPDATE OF {LABEL_COLUMNS['funding_programmes']}", 'funding_programmes', None),
    ]


def upgrade():
    with op.batch_alter_table('funding_programmes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
    with op.batch_alter_table('funding_calls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('eligible_kinds', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
    with op.batch_alter_table('funding_applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('applicant_kind', sa.String(length=20), nullable=True))
    with op.batch_alter_table('funding_programmes', schema=None) as batch_op:
        batch_op.alter_column('version', server_default=None)
    with op.batch_alter_table('funding_calls', schema=None) as batch_op:
        batch_op.alter_column('eligible_kinds', server_default=None)
        batch_op.alter_column('version', server_default=None)

    # The public pages' ETag follows the data version: a funding decision must move it.
    postgres = op.get_bind().dialect.name == 'postgresql'
    for name, event, table, when in _triggers():
        if postgres:
            condition = f' WHEN ({when})' if when else ''
            op.execute(
                f'CREATE TRIGGER {name} {event} ON {table} FOR EACH ROW{condition} '
                'EXECUTE FUNCTION bump_data_version()'
            )
        else:
            condition = f' WHEN {when}' if when else ''
            op.execute(f'CREATE TRIGGER {name} {event} ON {table} FOR EACH ROW{condition} '
                       f'BEGIN {BUMP}; END')


def downgrade():
    postgres = op.get_bind().dialect.name == 'postgresql'
    for name, _event, table, _when in _triggers():
        op.execute(f'DROP TRIGGER IF EXISTS {name} ON {table}' if postgres
                   else f'DROP TRIGGER IF EXISTS {name}')
    with op.batch_alter_table('funding_applications', schema=None) as batch_op:
        batch_op.drop_column('applicant_kind')
    with op.batch_alter_table('funding_calls', schema=None) as batch_op:
        batch_op.drop_column('version')
        batch_op.drop_column('eligible_kinds')
    with op.batch_alter_table('funding_programmes', schema=None) as batch_op:
        batch_op.drop_column('version')
