"""What every `ppflow` command module shares: one-line errors, the client and a session, JSON
output. Command modules (app/cli_*.py) each define their Typer apps; app/cli.py adds them."""

from __future__ import annotations

import asyncio
import gc
import json
import traceback
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import typer
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from temporalio.client import Client
from temporalio.service import RPCError

from models.connection import connect
from models.db import make_engine, make_sessionmaker
from models.settings import Settings
from ppflow import registry, service

T = TypeVar("T")


def fail(message: str) -> None:
    typer.echo(f"ppflow: {message}", err=True)
    raise typer.Exit(1)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn what a user can get wrong into one line on stderr and exit code 1."""
    try:
        yield
    except service.ServiceError as e:
        fail(e.message)
    except (registry.RegistryError, ValueError) as e:
        fail(service.validation_message(e) if isinstance(e, ValidationError) else str(e))
    except RPCError as e:
        fail(f"Temporal refused: {e.message}")
    except DBAPIError as e:  # the read model's database is away or refuses (not the user's input)
        fail(f"cannot use the database ({type(e.orig).__name__}): is PPFLOW_DATABASE_URL right?")
    except (ConnectionError, OSError) as e:
        fail(f"cannot reach a service: {e}")
    except RuntimeError as e:
        if "connect" in str(e).lower():
            fail(
                f"cannot reach Temporal ({Settings().effective_temporal_address}): is "
                "`make run` running?"
            )
        raise


def sessions(settings: Settings) -> Any:
    return make_sessionmaker(make_engine(settings.effective_database_url))


def with_client(work: Callable[[Client, Session, Settings], Awaitable[T]]) -> T:
    settings = Settings()

    async def go() -> T:
        client = await connect(settings)
        try:
            with sessions(settings)() as session:
                result = await work(client, session, settings)
                session.commit()
                return result
        except BaseException as e:
            forget_client(e)
            raise
        finally:
            del client

    with user_errors():
        return run_then_collect(go())
    raise AssertionError("unreachable")


def forget_client(error: BaseException) -> None:
    """Drop the locals of the frames an error passed through (a Temporal client among them): a
    client still alive when Python shuts down can abort the process (`Fatal Python error:
    PyGILState_Release`, SIGABRT) as Temporal's threads let go of it."""
    traceback.clear_frames(error.__traceback__)


def run_then_collect(work: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run`, then collect what the run left in reference cycles (the client), while
    Python still runs."""
    try:
        return asyncio.run(work)
    finally:
        gc.collect()


def show(value: Any) -> None:
    if isinstance(value, BaseModel):
        typer.echo(value.model_dump_json(indent=2))
    else:
        typer.echo(json.dumps(value, indent=2, default=str))
