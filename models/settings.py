"""All configuration in one place, read from `PPFLOW_*` environment variables and `.env`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

EMBEDDED_SMTP_PORT = 8025


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PPFLOW_", env_file=".env", extra="ignore")

    data_dir: Path = Path(".data")

    # Temporal: unset address means the embedded dev server that `ppflow run` starts.
    temporal_address: str | None = None
    temporal_namespace: str = "default"
    temporal_tls: bool = False
    temporal_tls_cert: Path | None = None
    temporal_tls_key: Path | None = None
    temporal_api_key: str | None = None
    temporal_port: int = 7233
    temporal_ui_port: int = 8233
    # How long the embedded dev server keeps a closed workflow (its own default is one day):
    # `ppflow db rebuild` can only bring back what Temporal still holds.
    embedded_temporal_retention_days: int = Field(default=3650, ge=1, le=36500)
    task_queue: str = "ppflow"
    temporal_ui_url: str | None = None  # unset: the embedded dev server's UI
    # On SIGTERM a worker stops taking tasks and gives the activities it runs this long to
    # finish (a rendering, a notice going out) before it cancels them; then it exits 0.
    worker_graceful_shutdown_seconds: float = Field(default=30.0, ge=0, le=3600)

    # Read model: unset means SQLite in the data dir.
    database_url: str | None = None
    # An outbox sender holds the rows it claimed this long without renewing (it renews while
    # it sends); a sender that died leaves them to the next after this.
    outbox_claim_seconds: int = Field(default=120, ge=5, le=3600)
    # Payloads larger than this go to the database; history keeps a reference (claim check).
    payload_claim_check_bytes: int = Field(default=128 * 1024, ge=1024, le=1_500_000)

    # Mail: unset host means the embedded capture server that stores .eml files.
    smtp_host: str | None = None
    smtp_port: int = EMBEDDED_SMTP_PORT
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_tls: bool = False
    smtp_ca_file: Path | None = None  # a private CA for the relay's certificate; unset: system CAs
    smtp_timeout: float = 30.0
    smtp_rate_per_second: float = Field(
        default=0.0, ge=0, description="Messages per second to the relay; 0 means no limit."
    )
    smtp_pool_size: int = Field(default=2, ge=1, le=20)
    mail_from: str = "Prague Process Secretariat <secretariat@pragueprocess.local>"
    secretariat_email: str = "secretariat@pragueprocess.local"
    attachment_max_bytes: int = Field(default=2_000_000, ge=0)
    # Replies by mail: Reply-To is reply+<signed token>@reply_domain; the inbound SMTP server
    # (embedded: 127.0.0.1:inbound_smtp_port) turns them into answers waiting for confirmation.
    reply_domain: str = "reply.pragueprocess.local"
    inbound_smtp_port: int = 8026
    inbound_smtp: bool = True
    replies_per_hour: int = Field(default=5, ge=1)
    digest_hour_utc: int = Field(default=6, ge=0, le=23)

    # Web.
    web_host: str = "127.0.0.1"
    web_port: int = 8000
    # A request that has no answer after this long gets a 503 that says sending it again is safe
    # (whatever part it waits on: Temporal restarting, a database that does not answer).
    request_deadline_seconds: float = Field(default=45.0, ge=1, le=600)
    public_base_url: str = "http://127.0.0.1:8000"
    secret_key: str = Field(default="dev-only-secret-change-me", min_length=8)
    secretariat_token: str = Field(default="dev-secretariat-token", min_length=8)
    drafting_token: str = Field(default="dev-drafting-token", min_length=8)
    link_grace_days: int = 7

    # Tracing (models/tracing.py): spans go by OTLP/HTTP to this collector (base URL, e.g.
    # http://otel-collector:4318); unset: the standard OTEL_EXPORTER_OTLP_ENDPOINT if set,
    # else tracing is off. Logs: "text" lines, or "json" (one object a line), at this level
    # (unset: INFO for `ppflow web` / `ppflow worker`, WARNING for `ppflow run`).
    otlp_endpoint: str | None = None
    log_format: Literal["text", "json"] = "text"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] | None = None

    @field_validator("otlp_endpoint")
    @classmethod
    def _collector_url(cls, v: str | None) -> str | None:
        if v is None or not v.strip():  # set but empty: tracing off, as unset
            return None
        if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", v.strip()):
            raise ValueError(
                "must be the OTLP/HTTP collector's http:// or https:// URL, e.g. "
                "http://127.0.0.1:4318"
            )
        return v.strip()

    # Health and metrics. The worker serves /healthz, /readyz and /metrics on this port (unset
    # or 0: not served); the web app serves them on its own port. /readyz waits at most
    # health_timeout_seconds for each dependency (Temporal, the database, the mail relay).
    worker_http_host: str = "127.0.0.1"
    worker_http_port: int | None = Field(default=None, ge=0, le=65535)
    health_timeout_seconds: float = Field(default=2.0, gt=0, le=30)
    # The Temporal SDK's own Prometheus metrics (temporal_*), served by the SDK on this
    # IP:port in every process that connects (unset: not served).
    temporal_metrics_address: str | None = Field(
        default=None,
        pattern=r"^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):\d{1,5}$",
        description="IP:port to serve them on, e.g. 0.0.0.0:9464 or [::]:9464",
    )

    def development_secrets(self) -> list[str]:
        """The secrets still at their development values while the service is public (its
        public URL is not this machine): the web app refuses to start with any of them."""
        host = urlparse(self.public_base_url).hostname or ""
        if host in ("127.0.0.1", "localhost", "::1") or host.startswith("127."):
            return []
        defaults = {
            "PPFLOW_SECRET_KEY": ("secret_key", "dev-only-secret-change-me"),
            "PPFLOW_SECRETARIAT_TOKEN": ("secretariat_token", "dev-secretariat-token"),
            "PPFLOW_DRAFTING_TOKEN": ("drafting_token", "dev-drafting-token"),
        }
        return [env for env, (field, dev) in defaults.items() if getattr(self, field) == dev]

    def refuse_development_secrets(self) -> None:
        """Raise for a public service still using development secrets (start-up checks)."""
        unsafe = self.development_secrets()
        if unsafe:
            raise ValueError(
                f"{self.public_base_url} is public but {', '.join(unsafe)} still have their "
                "development values: set them (long random values) first"
            )

    @property
    def embedded_temporal(self) -> bool:
        return self.temporal_address is None

    @property
    def embedded_smtp(self) -> bool:
        return self.smtp_host is None

    @property
    def effective_temporal_address(self) -> str:
        return self.temporal_address or f"127.0.0.1:{self.temporal_port}"

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'ppflow.db').resolve()}"

    @property
    def effective_smtp_host(self) -> str:
        return self.smtp_host or "127.0.0.1"

    @property
    def mail_dir(self) -> Path:
        return self.data_dir / "mail"
