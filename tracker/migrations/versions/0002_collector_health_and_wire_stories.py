"""Collector health per source, validators per fetched URL, and story keys linking wire copies.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 12:18:23.921727
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fetch_state",
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("etag", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("last_modified", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
        ),
        sa.PrimaryKeyConstraint("url"),
    )
    with op.batch_alter_table("fetch_state", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fetch_state_source_id"), ["source_id"], unique=False)

    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("host", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("story_key", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False, server_default="")
        )
        batch_op.create_index(batch_op.f("ix_report_story_key"), ["story_key"], unique=False)

    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_attempt_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("reports_stored", sa.Integer(), nullable=False, server_default="0"))
        batch_op.drop_column("last_modified")
        batch_op.drop_column("etag")


def downgrade() -> None:
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.add_column(sa.Column("etag", sa.VARCHAR(), nullable=True))
        batch_op.add_column(sa.Column("last_modified", sa.VARCHAR(), nullable=True))
        batch_op.drop_column("reports_stored")
        batch_op.drop_column("last_attempt_at")

    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_story_key"))
        batch_op.drop_column("story_key")
        batch_op.drop_column("host")

    with op.batch_alter_table("fetch_state", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fetch_state_source_id"))

    op.drop_table("fetch_state")
