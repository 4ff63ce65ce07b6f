# One rnnviz server in one container:  docker build -t rnnviz . && docker run -p 8501:8501 rnnviz
# A class on one machine: two replicas (-e RNNVIZ_WORKERS=1 each on 2 cores) behind deploy/haproxy.cfg; more
# students than one machine holds: more replicas behind a balancer with sticky sessions (README, "Hosting for a class").
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TF_CPP_MIN_LOG_LEVEL=2

# A user without privileges runs the app; the code belongs to root, so the app cannot rewrite itself.
RUN useradd --create-home --uid 10001 rnnviz
WORKDIR /app

# Dependencies first: this layer is rebuilt only when requirements.txt changes.
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY app.py ./
COPY .streamlit ./.streamlit
COPY pages ./pages
COPY rnnviz ./rnnviz

USER rnnviz
EXPOSE 8501

# Streamlit answers "ok" on /_stcore/health once it serves; TensorFlow is imported after the first page.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).read().strip() != b'ok')"]

# .streamlit/config.toml (copied above) holds the rest: no file watcher, postScriptGC off, viewer toolbar.
CMD ["streamlit", "run", "app.py", "--server.headless=true", "--server.address=0.0.0.0", "--server.port=8501"]
