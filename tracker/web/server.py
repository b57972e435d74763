"""Running the web app: in the foreground (`tracker serve`) or in a thread beside the collectors (`tracker run`)."""

from __future__ import annotations

import logging
import threading

import uvicorn
from sqlalchemy import Engine

from tracker.config import Config
from tracker.web.app import create_app

log = logging.getLogger(__name__)


def server(config: Config, engine: Engine, host: str | None = None, port: int | None = None) -> uvicorn.Server:
    trusted = config.web.trusted_proxies  # uvicorn would trust X-Forwarded-For from loopback by default
    settings = uvicorn.Config(
        create_app(config, engine), host=host or config.web.host, port=port or config.web.port, log_level="warning",
        proxy_headers=bool(trusted), forwarded_allow_ips=",".join(trusted) or None,
    )  # fmt: skip
    return uvicorn.Server(settings)


class Background:
    """The web app in a daemon thread: `stop()` lets requests under way finish, then returns."""

    def __init__(self, config: Config, engine: Engine) -> None:
        self.server = server(config, engine)
        self.thread = threading.Thread(target=self._run, name="web", daemon=True)
        self.thread.start()
        log.info("web app on http://%s:%s", config.web.host, config.web.port)

    def _run(self) -> None:
        try:
            self.server.run()
        except SystemExit:  # uvicorn exits when it cannot bind; the collectors go on without the web app
            log.error("the web app could not start (is the port in use?); collecting goes on without it")

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
