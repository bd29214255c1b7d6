# syntax=docker/dockerfile:1
#
# One image for the whole platform: `wir serve <service>`, `wir migrate`, `wir seed-demo`, ...
# Which services it can run is decided by the workspace packages (services/*) installed here.
#
#   docker build -t wir-platform:local .
#   docker run --rm wir-platform:local serve intake --port 8001

ARG PYTHON_IMAGE=python:3.11-slim

# --- build: resolve the locked dependencies into /app/.venv --------------------------------------
FROM ${PYTHON_IMAGE} AS build

RUN pip install --no-cache-dir uv==0.13.8

# Use the image's interpreter (never download one), copy files out of the cache instead of
# hard-linking them (the cache is a separate mount), and compile bytecode now: the runtime
# file system is read-only.
ENV UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3.11 \
    UV_LINK_MODE=copy \
    UV_COMPILE_BYTECODE=1 \
    UV_PROJECT_ENVIRONMENT=/app/.venv

WORKDIR /src

# Third-party dependencies first, in their own layer: with --frozen uv installs from uv.lock
# alone, so this layer is rebuilt only when the lock file changes, not on every code change.
COPY pyproject.toml uv.lock ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --all-packages --no-install-workspace

# Then the workspace itself. --all-packages installs every member (each service, even one the
# root project does not list yet); --no-editable copies them into the venv, so the runtime
# stage needs the venv only, not the sources.
COPY contracts ./contracts
COPY services ./services
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --all-packages --no-editable

# --- runtime: the venv on a clean slim image, no uv, no compilers, no sources -----------------
FROM ${PYTHON_IMAGE} AS runtime

# pip is not needed to run the platform; nothing gets installed at run time.
RUN python -m pip uninstall --yes --quiet pip setuptools wheel \
    && groupadd --system --gid 10001 wir \
    && useradd --system --uid 10001 --gid wir --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin wir

COPY --from=build /app/.venv /app/.venv

# Containers listen on every interface (the local default is 127.0.0.1); each service gets its
# port from `--port` and WIR_HTTP_PORT, which the health check reads too.
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    WIR_HTTP_HOST=0.0.0.0 \
    WIR_HTTP_PORT=8000

WORKDIR /app
# Numeric, so that Kubernetes' runAsNonRoot can verify it.
USER 10001:10001

EXPOSE 8001 8002 8003 8004 8005

# No curl in slim images: the check is a few lines of Python against the service's /healthz.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('WIR_HTTP_PORT', '8000'), timeout=2)"]

ENTRYPOINT ["wir"]
CMD ["--help"]
