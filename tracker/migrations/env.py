"""Alembic environment: runs migrations on the engine that tracker.storage hands over."""

from alembic import context
from sqlmodel import SQLModel

import tracker.models  # noqa: F401  (registers the tables on SQLModel.metadata)

engine = context.config.attributes["engine"]
with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        transactional_ddl=True,  # all or nothing on SQLite too (tracker.storage opens its transactions)
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
