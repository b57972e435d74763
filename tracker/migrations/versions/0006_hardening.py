"""Hardening: a delivery's claim (who sends it, since when) and when its message was handed to the server,
so two senders never send it twice and a restart knows whether a killed exchange had delivered it; the
regional group a focal point's silence is limited to. Messages held by silences that ended before held
messages were released are dropped, with the reason, rather than sent late.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 21:10:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("claimed_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True))
        batch_op.add_column(sa.Column("handed_over_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    with op.batch_alter_table("silence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("regional_group", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
    op.execute(
        "UPDATE delivery SET status = 'dropped', last_error = 'held by a silence that ended before held messages "
        "were delivered at its end' WHERE status = 'silenced' AND notice_id IN (SELECT notice.id FROM notice "
        "JOIN silence ON silence.id = notice.silence_id WHERE silence.expired_at IS NOT NULL "
        "OR silence.until < CURRENT_TIMESTAMP)"
    )


def downgrade() -> None:
    with op.batch_alter_table("silence", schema=None) as batch_op:
        batch_op.drop_column("regional_group")
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.drop_column("handed_over_at")
        batch_op.drop_column("claimed_by")
        batch_op.drop_column("claimed_at")
