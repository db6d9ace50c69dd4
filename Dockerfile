FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1

WORKDIR /app

COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .
# Settings only parse DATABASE_URL, so a dummy URL keeps them from starting the embedded
# PostgreSQL; STATIC_MANIFEST must match the runtime value so the manifest gets written.
RUN DATABASE_URL=postgres://build@localhost/build STATIC_MANIFEST=true \
    python manage.py collectstatic --noinput

RUN useradd --no-create-home --shell /usr/sbin/nologin archive
# Curators' uploads (MEDIA_ROOT); a volume mounted here starts out owned by archive.
RUN mkdir -p /app/media && chown archive /app/media
USER archive

EXPOSE 8000
CMD ["gunicorn", "archive.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
