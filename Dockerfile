# One image for every process of the production shape: api, worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 COMMENTGUARD_DATA_DIR=/var/lib/commentguard
WORKDIR /app
COPY pyproject.toml README.md ./
COPY service ./service
COPY worker ./worker
COPY ml ./ml
COPY migrations ./migrations
RUN pip install --no-cache-dir . && useradd --system --home /var/lib/commentguard commentguard \
    && mkdir -p /var/lib/commentguard && chown commentguard /var/lib/commentguard
USER commentguard
EXPOSE 8000
CMD ["commentguard", "api", "--bind", "0.0.0.0:8000"]
