# One image for the web server, the Celery worker and beat (docker-compose.yml picks the command).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=thinktank.settings.base
WORKDIR /app

# Unicode fonts for the PDFs (Greek, Cyrillic, Chinese, Japanese and Korean names print as themselves).
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/*

COPY pyproject.toml constraints.txt README.md ./
COPY manage.py ./
COPY thinktank ./thinktank
COPY sessions ./sessions
COPY groundrules ./groundrules
COPY templates ./templates
COPY static ./static
RUN pip install --no-cache-dir -c constraints.txt . \
 && SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input

RUN useradd --create-home thinktank
USER thinktank
EXPOSE 8000
CMD ["uvicorn", "thinktank.asgi:application", "--host", "0.0.0.0", "--port", "8000", "--proxy-headers", "--ws-max-size", "65536", "--ws-per-message-deflate", "false"]
