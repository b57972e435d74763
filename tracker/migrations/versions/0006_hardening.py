"""Hardening: a delivery's claim (who sends it, since when) and when its message was handed to the server,
so two senders never send it twice and a restart knows whether a killed exchange had delivered it.

Revision ID: 0006
Revises: 0004 (until the lead's 0005 is merged; then 0005)
Create Date: 2026-12-07 21:10:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006"
down_revision = "0004"  # "0005" once that migration is merged
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("claimed_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True))
        batch_op.add_column(sa.Column("handed_over_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.drop_column("handed_over_at")
        batch_op.drop_column("claimed_by")
        batch_op.drop_column("claimed_at")
