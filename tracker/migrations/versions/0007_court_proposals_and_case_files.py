"""The Court's outputs as proposed changes to the reference data; case files of the formal procedure
(scenario 7(a)) with their steps and reminders; a delivery may carry a case reminder instead of an alert.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08 00:10:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _string(length: int | None = None) -> sa.types.TypeEngine:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    op.create_table(
        "court_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("report.id"), nullable=False),
        sa.Column("act", _string(30), nullable=False),
        sa.Column("person_id", _string(60), nullable=False),
        sa.Column("state", _string(2), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("referred_to", _string(20), nullable=False),
        sa.Column("change", sa.JSON(), nullable=False),
        sa.Column("why", sa.JSON(), nullable=False),
        sa.Column("status", _string(20), nullable=False),
        sa.Column("decided_by", _string(100), nullable=True),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("report_id", "act", "person_id", "state", name="uq_court_proposal_once"),
    )
    op.create_index("ix_court_proposal_report_id", "court_proposal", ["report_id"])
    op.create_index("ix_court_proposal_status", "court_proposal", ["status"])
    op.create_table(
        "case_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), sa.ForeignKey("court_proposal.id"), nullable=False),
        sa.Column("person_id", _string(60), nullable=False),
        sa.Column("state", _string(2), nullable=False),
        sa.Column("finding_date", sa.Date(), nullable=False),
        sa.Column("referred_to", _string(20), nullable=False),
        sa.Column("alert_id", sa.Integer(), sa.ForeignKey("alert.id"), nullable=True),
        sa.Column("opened_by", _string(100), nullable=False),
        sa.Column("opened_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("proposal_id"),
    )
    op.create_index("ix_case_file_state", "case_file", ["state"])
    op.create_table(
        "case_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("case_file.id"), nullable=False),
        sa.Column("step", _string(30), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("owner", _string(100), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("done_by", _string(100), nullable=True),
        sa.Column("notes", _string(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "step", name="uq_case_step"),
    )
    op.create_index("ix_case_step_case_id", "case_step", ["case_id"])
    op.create_table(
        "case_reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("step_id", sa.Integer(), sa.ForeignKey("case_step.id"), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("reason", _string(20), nullable=False),
        sa.Column("message_id", _string(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("step_id", "due", "reason", name="uq_case_reminder_once"),
        sa.UniqueConstraint("message_id"),
    )
    op.create_index("ix_case_reminder_step_id", "case_reminder", ["step_id"])
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.alter_column("alert_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("case_reminder_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_delivery_case_reminder", "case_reminder", ["case_reminder_id"], ["id"])
        batch_op.create_index("ix_delivery_case_reminder_id", ["case_reminder_id"], unique=False)


def downgrade() -> None:
    op.execute("DELETE FROM delivery WHERE alert_id IS NULL")
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.drop_index("ix_delivery_case_reminder_id")
        batch_op.drop_constraint("fk_delivery_case_reminder", type_="foreignkey")
        batch_op.drop_column("case_reminder_id")
        batch_op.alter_column("alert_id", existing_type=sa.Integer(), nullable=False)
    for table in ("case_reminder", "case_step", "case_file", "court_proposal"):
        op.drop_table(table)
