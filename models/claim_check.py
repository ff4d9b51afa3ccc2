"""Claim check for Temporal payloads: any payload over a threshold is stored once by its SHA-256
in the database and history carries only the reference.

Workflows keep their state in memory and pass it whole (a draft's sections, a round's answers);
this codec keeps every payload in history small whatever the draft's size (Temporal refuses a
payload over 2 MB and a history over 50 MB). Small payloads (nearly all) stay inline and readable
in the Temporal Web UI. Every process that talks to Temporal (worker, web app, command line)
reaches the same database, so each can resolve a reference.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker
from temporalio.api.common.v1 import Payload
from temporalio.converter import PayloadCodec

from models.db import StoredPayload

ENCODING = b"binary/ppflow-claim-check"
DEFAULT_THRESHOLD = 128 * 1024


class MissingPayload(RuntimeError):
    """A reference whose payload is not in this database (another database, or deleted)."""


class ClaimCheckCodec(PayloadCodec):
    def __init__(self, sessions: sessionmaker[Session], threshold: int = DEFAULT_THRESHOLD):
        self.sessions = sessions
        self.threshold = threshold

    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        large = [p for p in payloads if p.ByteSize() > self.threshold]
        if not large:
            return list(payloads)
        blobs = {id(p): p.SerializeToString(deterministic=True) for p in large}
        keys = {i: hashlib.sha256(b).hexdigest() for i, b in blobs.items()}
        await asyncio.to_thread(self._store, {keys[i]: blobs[i] for i in blobs})
        return [
            Payload(metadata={"encoding": ENCODING}, data=keys[id(p)].encode())
            if id(p) in keys
            else p
            for p in payloads
        ]

    async def decode(self, payloads: Sequence[Payload]) -> list[Payload]:
        wanted = [p.data.decode() for p in payloads if p.metadata.get("encoding") == ENCODING]
        if not wanted:
            return list(payloads)
        found = await asyncio.to_thread(self._load, wanted)
        out = []
        for p in payloads:
            if p.metadata.get("encoding") != ENCODING:
                out.append(p)
                continue
            key = p.data.decode()
            if key not in found:
                raise MissingPayload(f"payload {key[:12]} is not in this database")
            restored = Payload()
            restored.ParseFromString(found[key])
            out.append(restored)
        return out

    def _store(self, blobs: dict[str, bytes]) -> None:
        with self.sessions.begin() as session:
            dialect = session.get_bind().dialect.name
            build = pg_insert if dialect == "postgresql" else sqlite_insert
            now = datetime.now(UTC)
            for key, blob in blobs.items():
                session.execute(
                    build(StoredPayload)
                    .values(id=key, size=len(blob), content=blob, created_at=now)
                    .on_conflict_do_nothing(index_elements=["id"])
                )

    def _load(self, keys: list[str]) -> dict[str, bytes]:
        with self.sessions() as session:
            rows = session.query(StoredPayload.id, StoredPayload.content).filter(
                StoredPayload.id.in_(set(keys))
            )
            return {k: bytes(c) for k, c in rows}
