# Front-end assets from npm, then the Python app. Used by docker-compose.yml.
FROM node:20-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
COPY scripts ./scripts
RUN npm ci --no-audit --no-fund && node scripts/vendor.mjs

FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY pyproject.toml README.md ./
COPY app ./app
RUN pip install --no-cache-dir .
COPY migrations ./migrations
COPY templates ./templates
COPY static ./static
COPY --from=assets /src/static/vendor ./static/vendor
RUN useradd --create-home dispersion && mkdir -p var && chown dispersion var
USER dispersion
EXPOSE 8000
CMD ["python", "-m", "app", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
