# Front-end assets from npm, then the Python app. Used by docker-compose.yml.
FROM node:20-slim AS assets
WORKDIR /src
COPY package.json package-lock.json .npmrc ./
COPY scripts ./scripts
# --ignore-scripts: no dependency runs install hooks (also set in .npmrc).
RUN npm ci --ignore-scripts --no-audit --no-fund && node scripts/vendor.mjs

FROM python:3.11-slim
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
RUN useradd --create-home dispersion && mkdir -p var && chown dispersion var
USER dispersion
EXPOSE 8000
CMD ["python", "-m", "app", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
