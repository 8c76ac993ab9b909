"""initial schema

Revision ID: f36c9702f0e5
Revises: (none)
Create Date: 2026-11-28 13:47:26.546709
"""

from alembic import op
import sqlalchemy as sa
import service.db


revision = 'f36c9702f0e5'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    
    op.create_table('model_versions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('status', sa.Enum('candidate', 'active', 'retired', name='modelstatus', native_enum=False, length=16), nullable=False),
    sa.Column('recipe', sa.String(length=64), nullable=False),
    sa.Column('checksum', sa.String(length=64), nullable=False),
    sa.Column('artifact_size', sa.Integer(), nullable=False),
    sa.Column('artifact', sa.LargeBinary(), nullable=False),
    sa.Column('facts', sa.JSON(), nullable=False),
    sa.Column('created_at', service.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('activated_at', service.db.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_model_versions')),
    sa.UniqueConstraint('name', name=op.f('uq_model_versions_name'))
    )
    with op.batch_alter_table('model_versions', schema=None) as batch_op:
        batch_op.create_index('uq_model_versions_one_active', ['status'], unique=True, sqlite_where=sa.text("status = 'active'"), postgresql_where=sa.text("status = 'active'"))

    op.create_table('sites',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('webhook_url', sa.String(length=2000), nullable=True),
    sa.Column('webhook_secret', sa.String(length=100), nullable=False),
    sa.Column('policy', sa.JSON(), nullable=False),
    sa.Column('created_at', service.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sites')),
    sa.UniqueConstraint('name', name=op.f('uq_sites_name'))
    )
    op.create_table('api_keys',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', service.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', service.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_api_keys_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_keys')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_api_keys_key_hash'))
    )
    op.create_table('articles',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('external_id', sa.String(length=255), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('title', sa.String(length=500), nullable=True),
    sa.Column('created_at', service.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_articles_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_articles')),
    sa.UniqueConstraint('site_id', 'external_id', name=op.f('uq_articles_site_id_external_id'))
    )
    op.create_table('authors',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('external_id', sa.String(length=255), nullable=False),
    sa.Column('display_name', sa.String(length=255), nullable=True),
    sa.Column('created_at', service.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_authors_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_authors')),
    sa.UniqueConstraint('site_id', 'external_id', name=op.f('uq_authors_site_id_external_id'))
    )
    op.create_table('items',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('external_id', sa.String(length=255), nullable=False),
    sa.Column('kind', sa.Enum('comment', 'review', name='itemkind', native_enum=False, length=16), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('article_id', sa.Uuid(), nullable=False),
    sa.Column('author_id', sa.Uuid(), nullable=True),
    sa.Column('parent_id', sa.Uuid(), nullable=True),
    sa.Column('parent_external_id', sa.String(length=255), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('language_source', sa.String(length=16), nullable=True),
    sa.Column('client_ip', sa.String(length=45), nullable=True),
    sa.Column('user_agent', sa.String(length=512), nullable=True),
    sa.Column('status', sa.Enum('pending', 'approved', 'rejected', 'held', name='itemstatus', native_enum=False, length=16), nullable=False),
    sa.Column('idempotency_key', sa.String(length=255), nullable=True),
    sa.Column('request_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', service.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', service.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('enqueued_at', service.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_at', service.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("(kind = 'review' AND rating BETWEEN 1 AND 5) OR (kind = 'comment' AND rating IS NULL)", name=op.f('ck_items_rating_matches_kind')),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_items_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_id'], ['authors.id'], name=op.f('fk_items_author_id_authors'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['parent_id'], ['items.id'], name=op.f('fk_items_parent_id_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_items_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_items')),
    sa.UniqueConstraint('site_id', 'external_id', name=op.f('uq_items_site_id_external_id')),
    sa.UniqueConstraint('site_id', 'idempotency_key', name=op.f('uq_items_site_id_idempotency_key'))
    )
    with op.batch_alter_table('items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_items_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_items_site_id_created_at', ['site_id', 'created_at'], unique=False)
        batch_op.create_index('ix_items_status_enqueued_at', ['status', 'enqueued_at'], unique=False)

    op.create_table('scores',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('item_id', sa.Uuid(), nullable=False),
    sa.Column('model_version_id', sa.Integer(), nullable=False),
    sa.Column('spam', sa.Float(), nullable=False),
    sa.Column('toxicity', sa.Float(), nullable=False),
    sa.Column('extra', sa.JSON(), nullable=False),
    sa.Column('explanations', sa.JSON(), nullable=False),
    sa.Column('created_at', service.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_scores_item_id_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['model_version_id'], ['model_versions.id'], name=op.f('fk_scores_model_version_id_model_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scores')),
    sa.UniqueConstraint('item_id', 'model_version_id', name=op.f('uq_scores_item_id_model_version_id'))
    )
    op.create_table('webhook_deliveries',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=False),
    sa.Column('item_id', sa.Uuid(), nullable=True),
    sa.Column('event_type', sa.String(length=64), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'sending', 'delivered', 'failed', name='deliverystatus', native_enum=False, length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', service.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('locked_until', service.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', service.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('delivered_at', service.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_webhook_deliveries_item_id_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_webhook_deliveries_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_deliveries'))
    )
    with op.batch_alter_table('webhook_deliveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhook_deliveries_item_id'), ['item_id'], unique=False)
        batch_op.create_index('ix_webhook_deliveries_status_next_attempt_at', ['status', 'next_attempt_at'], unique=False)

    op.create_table('decisions',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('item_id', sa.Uuid(), nullable=False),
    sa.Column('from_status', sa.String(length=16), nullable=False),
    sa.Column('to_status', sa.String(length=16), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('reason_codes', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('score_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', service.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_decisions_item_id_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['score_id'], ['scores.id'], name=op.f('fk_decisions_score_id_scores')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions'))
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decisions_item_id'), ['item_id'], unique=False)

    op.create_table('webhook_attempts',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('delivery_id', sa.Uuid(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('started_at', service.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('duration_ms', sa.Integer(), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=True),
    sa.Column('error', sa.String(length=1000), nullable=True),
    sa.ForeignKeyConstraint(['delivery_id'], ['webhook_deliveries.id'], name=op.f('fk_webhook_attempts_delivery_id_webhook_deliveries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_attempts'))
    )
    with op.batch_alter_table('webhook_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhook_attempts_delivery_id'), ['delivery_id'], unique=False)

    


def downgrade():
    
    with op.batch_alter_table('webhook_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_attempts_delivery_id'))

    op.drop_table('webhook_attempts')
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decisions_item_id'))

    op.drop_table('decisions')
    with op.batch_alter_table('webhook_deliveries', schema=None) as batch_op:
        batch_op.drop_index('ix_webhook_deliveries_status_next_attempt_at')
        batch_op.drop_index(batch_op.f('ix_webhook_deliveries_item_id'))

    op.drop_table('webhook_deliveries')
    op.drop_table('scores')
    with op.batch_alter_table('items', schema=None) as batch_op:
        batch_op.drop_index('ix_items_status_enqueued_at')
        batch_op.drop_index('ix_items_site_id_created_at')
        batch_op.drop_index(batch_op.f('ix_items_author_id'))

    op.drop_table('items')
    op.drop_table('authors')
    op.drop_table('articles')
    op.drop_table('api_keys')
    op.drop_table('sites')
    with op.batch_alter_table('model_versions', schema=None) as batch_op:
        batch_op.drop_index('uq_model_versions_one_active', sqlite_where=sa.text("status = 'active'"), postgresql_where=sa.text("status = 'active'"))

    op.drop_table('model_versions')
    
