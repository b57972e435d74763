"""Notices (each message about an alert, with why it was sent), silences, and deliveries per notice.

Every alert already stored gets its first notice, with the alert's Message-ID, and its deliveries
point at it, so that nothing already queued or sent is sent again.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 22:27:47.110441
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "silence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
        sa.Column("episode_id", sa.Integer(), nullable=True),
        sa.Column("until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expired_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["episode_id"], ["episode.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("message_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("in_reply_to", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("requested_by", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("silence_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["alert_id"], ["alert.id"]),
        sa.ForeignKeyConstraint(["silence_id"], ["silence.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("message_id"),
    )
    with op.batch_alter_table("notice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notice_alert_id"), ["alert_id"], unique=False)

    bind = op.get_bind()
    empty_list, empty_map = ("'[]'", "'{}'") if bind.dialect.name == "sqlite" else ("'[]'::json", "'{}'::json")
    op.execute(
        "INSERT INTO notice (alert_id, reason, changes, facts, message_id, created_at) "
        f"SELECT id, 'first', {empty_list}, {empty_map}, message_id, created_at FROM alert ORDER BY id"
    )

    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notice_id", sa.Integer(), nullable=True))
        batch_op.drop_constraint("uq_delivery_once", type_="unique")
        batch_op.create_unique_constraint("uq_delivery_once", ["notice_id", "recipient", "channel"])
        batch_op.create_index(batch_op.f("ix_delivery_notice_id"), ["notice_id"], unique=False)
        batch_op.create_foreign_key("fk_delivery_notice_id_notice", "notice", ["notice_id"], ["id"])
    op.execute(
        "UPDATE delivery SET notice_id = (SELECT notice.id FROM notice WHERE notice.alert_id = delivery.alert_id)"
    )


def downgrade() -> None:
    op.execute("DELETE FROM delivery WHERE notice_id NOT IN (SELECT MIN(id) FROM notice GROUP BY alert_id)")
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.drop_constraint("fk_delivery_notice_id_notice", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_delivery_notice_id"))
        batch_op.drop_constraint("uq_delivery_once", type_="unique")
        batch_op.create_unique_constraint("uq_delivery_once", ["alert_id", "recipient", "channel"])
        batch_op.drop_column("notice_id")

    with op.batch_alter_table("notice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notice_alert_id"))

    op.drop_table("notice")
    op.drop_table("silence")
