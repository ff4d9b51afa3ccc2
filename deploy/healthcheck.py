"""The image's HEALTHCHECK: asks `/healthz` of the ppflow process the container runs.

Which process it is comes from the first argument, else from the container's command line
(PID 1: `ppflow web`, `ppflow worker`, ...):
- web (and `ppflow run`): http://127.0.0.1:$PPFLOW_WEB_PORT/healthz (8000 unless set);
- worker: http://127.0.0.1:$PPFLOW_WORKER_HTTP_PORT/healthz (the image sets 9000; a worker
  with the port unset or 0 serves no health page, and is reported unhealthy with that reason);
- anything else (`ppflow db upgrade`, a one-off command): healthy, nothing to ask.
Exit 0 healthy, 1 not, with one line saying why. Standard library only.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request


def role_of_container() -> str:
    try:
        with open("/proc/1/cmdline", "rb") as f:
            words = [w.decode(errors="replace") for w in f.read().split(b"\0") if w]
    except OSError:
        return ""
    for known in ("web", "worker", "run"):
        if known in words:
            return known
    return ""


def url_for(role: str) -> str | None:
    if role in ("web", "run"):
        return f"http://127.0.0.1:{os.environ.get('PPFLOW_WEB_PORT') or 8000}/healthz"
    if role == "worker":
        port = os.environ.get("PPFLOW_WORKER_HTTP_PORT") or "0"
        return f"http://127.0.0.1:{port}/healthz" if port != "0" else ""
    return None


def main(argv: list[str]) -> int:
    role = argv[1] if len(argv) > 1 else role_of_container()
    url = url_for(role)
    if url is None:
        print(f"healthcheck: nothing to ask of {role or 'this command'}")
        return 0
    if not url:
        print("healthcheck: the worker serves no /healthz: set PPFLOW_WORKER_HTTP_PORT")
        return 1
    timeout = float(os.environ.get("HEALTHCHECK_TIMEOUT") or 4)
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            print(f"healthcheck: {url} answered {r.status}")
            return 0 if r.status == 200 else 1
    except urllib.error.HTTPError as e:
        print(f"healthcheck: {url} answered {e.code}")
        return 1
    except (urllib.error.URLError, OSError) as e:
        print(f"healthcheck: {url} did not answer: {e}")
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
