"""Episodes keep their aftermath (the reports published after the trip ended, recorded apart from its
status); a notice recorded too late to matter says why it was not sent.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 21:40:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:  # plain ADD COLUMN: SQLite need not copy tables that others refer to
    op.add_column("episode", sa.Column("aftermath", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
    op.add_column("notice", sa.Column("historical", sqlmodel.sql.sqltypes.AutoString(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("notice", schema=None) as batch_op:
        batch_op.drop_column("historical")
    with op.batch_alter_table("episode", schema=None) as batch_op:
        batch_op.drop_column("aftermath")
