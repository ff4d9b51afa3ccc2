# syntax=docker/dockerfile:1
# ppflow's image: the app installed as a package in a venv on a slim Python 3.11, run as a
# system user (not root). One image, two processes: `ppflow web` (the default) or
# `ppflow worker`; `ppflow db upgrade` migrates the database before they start.
#
#   docker build -t ppflow .
#   docker run --env-file .env ppflow web        # or: worker, db upgrade, --help
#
# Every RUN line is one step of deploy/build-steps.sh: `make recipe-check` runs the same steps
# on a machine without a container daemon (deploy/check_recipe.py), and
# tests/app/test_container_recipe.py keeps this file and that script in step.

ARG PYTHON_IMAGE=python:3.11-slim

FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY pyproject.toml worker.py ./
COPY models ./models
COPY workflows ./workflows
COPY word ./word
COPY mail ./mail
COPY activities ./activities
COPY ppflow ./ppflow
COPY web ./web
COPY app ./app
COPY deploy/build-steps.sh ./deploy/
RUN sh deploy/build-steps.sh install /opt/ppflow /src

FROM ${PYTHON_IMAGE}
COPY --from=build /opt/ppflow /opt/ppflow
COPY deploy/build-steps.sh deploy/healthcheck.py /opt/ppflow-deploy/
RUN sh /opt/ppflow-deploy/build-steps.sh check /opt/ppflow
RUN sh /opt/ppflow-deploy/build-steps.sh user ppflow /var/lib/ppflow

ENV PATH=/opt/ppflow/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PPFLOW_DATA_DIR=/var/lib/ppflow \
    PPFLOW_WEB_HOST=0.0.0.0 \
    PPFLOW_WEB_PORT=8000 \
    PPFLOW_WORKER_HTTP_HOST=0.0.0.0 \
    PPFLOW_WORKER_HTTP_PORT=9000
USER ppflow
WORKDIR /var/lib/ppflow
EXPOSE 8000 9000

# /healthz of the web app or of the worker, whichever the container runs (deploy/healthcheck.py).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "/opt/ppflow-deploy/healthcheck.py"]

ENTRYPOINT ["ppflow"]
CMD ["web"]
