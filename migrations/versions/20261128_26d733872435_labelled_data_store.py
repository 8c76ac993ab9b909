"""labelled-data store

Revision ID: 26d733872435
Revises: f36c9702f0e5
Create Date: 2026-11-28 14:20:06.226515
"""

from alembic import op
import sqlalchemy as sa
import service.db


revision = '26d733872435'
down_revision = 'f36c9702f0e5'
branch_labels = None
depends_on = None


def upgrade():
    
    op.create_table('labelled_examples',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('text_hash', sa.String(length=64), nullable=False),
    sa.Column('task', sa.String(length=32), nullable=False),
    sa.Column('label', sa.String(length=32), nullable=False),
    sa.Column('lang', sa.String(length=8), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('group_key', sa.String(length=200), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('created_at', service.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_labelled_examples')),
    sa.UniqueConstraint('source', 'task', 'text_hash', name=op.f('uq_labelled_examples_source_task_text_hash'))
    )
    with op.batch_alter_table('labelled_examples', schema=None) as batch_op:
        batch_op.create_index('ix_labelled_examples_task_label', ['task', 'label'], unique=False)
        batch_op.create_index(batch_op.f('ix_labelled_examples_text_hash'), ['text_hash'], unique=False)

    


def downgrade():
    
    with op.batch_alter_table('labelled_examples', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_labelled_examples_text_hash'))
        batch_op.drop_index('ix_labelled_examples_task_label')

    op.drop_table('labelled_examples')
    
