"""feed scale: data version with triggers, VEVENT cache, plain-text descriptions

Revision ID: b7d1c0feed01
Revises: 185407dfd4ad
Create Date: 2026-12-02 07:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d1c0feed01'
down_revision = '185407dfd4ad'
branch_labels = None
depends_on = None

#: Tables whose changes can change what the public sees (feeds, pages).
PUBLIC_TABLES = ('events', 'event_themes', 'themes', 'regions', 'campaigns', 'projects')
BUMP = 'UPDATE data_versions SET version = version + 1 WHERE id = 1'


def upgrade():
    op.create_table('data_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_versions'))
    )
    op.execute('INSERT INTO data_versions (id, version) VALUES (1, 1)')
    op.create_table('vevent_cache',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('cache_key', sa.String(length=64), nullable=False),
    sa.Column('body', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_vevent_cache_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_vevent_cache'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('description_text', sa.Text(), nullable=True))
    # Feed states are a cache (rebuilt with the same bytes, Last-Modified not earlier than
    # now): start afresh with the bodies in a table of their own.
    op.execute('DELETE FROM feed_states')
    op.create_table('feed_bodies',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('body', sa.LargeBinary(), nullable=False),
    sa.Column('body_gzip', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_feed_bodies'))
    )
    with op.batch_alter_table('feed_states', schema=None) as batch_op:
        batch_op.drop_column('body_gzip')
        batch_op.add_column(sa.Column('data_version', sa.BigInteger(), nullable=True))

    # The data version moves in the same transaction as every change, whoever writes.
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(
            'CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS '
            f"$$ BEGIN {BUMP}; RETURN NULL; END $$"
        )
        for table in PUBLIC_TABLES:
            op.execute(
                f'CREATE TRIGGER {table}_data_version AFTER INSERT OR UPDATE OR DELETE '
                f'ON {table} FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()'
            )
    else:
        for table in PUBLIC_TABLES:
            for action in ('insert', 'update', 'delete'):
                op.execute(
                    f'CREATE TRIGGER {table}_data_version_{action} AFTER {action.upper()} '
                    f'ON {table} BEGIN {BUMP}; END'
                )


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        for table in PUBLIC_TABLES:
            op.execute(f'DROP TRIGGER IF EXISTS {table}_data_version ON {table}')
        op.execute('DROP FUNCTION IF EXISTS bump_data_version()')
    else:
        for table in PUBLIC_TABLES:
            for action in ('insert', 'update', 'delete'):
                op.execute(f'DROP TRIGGER IF EXISTS {table}_data_version_{action}')
    op.execute('DELETE FROM feed_states')
    with op.batch_alter_table('feed_states', schema=None) as batch_op:
        batch_op.drop_column('data_version')
        batch_op.add_column(sa.Column('body_gzip', sa.LargeBinary(), nullable=False))
    op.drop_table('feed_bodies')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('description_text')
    op.drop_table('vevent_cache')
    op.drop_table('data_versions')
