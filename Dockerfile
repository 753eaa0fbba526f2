# Front-end assets from npm, then the Python app. Used by docker-compose.yml.
# Base images pinned to exact releases (update them deliberately, like the lock files).
FROM node:20.18.1-bookworm-slim AS assets
WORKDIR /src
COPY package.json package-lock.json .npmrc ./
COPY scripts ./scripts
# --ignore-scripts: no dependency runs install hooks (also set in .npmrc).
RUN npm ci --ignore-scripts --no-audit --no-fund && node scripts/vendor.mjs

FROM python:3.11.11-slim-bookworm
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# Runtime packages only, every one pinned and hash-checked; then the project itself with
# --no-deps and without build isolation, so nothing unpinned is fetched.
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements.lock
COPY pyproject.toml README.md ./
COPY app ./app
RUN pip install --no-cache-dir --no-deps --no-build-isolation . && pip check
COPY migrations ./migrations
COPY templates ./templates
COPY static ./static
COPY --from=assets /src/static/vendor ./static/vendor
# A fixed non-root uid (compose runs it with a read-only root filesystem); the app's
# files stay root-owned, so the process can't change its own code.
RUN useradd --uid 10001 --no-create-home --shell /usr/sbin/nologin dispersion \
    && mkdir -p var && chown 10001:10001 var
USER 10001:10001
EXPOSE 8000
CMD ["python", "-m", "app", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
