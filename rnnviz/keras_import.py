"""TensorFlow and Keras are imported by one thread at a time, through this module.

Measured on this machine: two threads importing Keras and TensorFlow at once (the server's warm-up thread and
a student's page, two students' pages, or a training thread) leave one of them with a half-initialised module
("AttributeError: module 'tensorflow.python.data.ops.dataset_ops' has no attribute 'DatasetV2'"). So every
thread that may be the first to need Keras comes through here: `import_keras()` imports it or waits while
another thread does, `wait_while_importing()` only waits (for a page that does not need Keras at all), and
`import_in_background()` is the server's warm-up.
"""

from __future__ import annotations

import importlib
import itertools
import logging
import threading

_lock = threading.Lock()       # held for as long as an import of Keras is running


def import_keras() -> None:
    """Import Keras (and TensorFlow) in this thread, or wait until the thread importing it is done."""
    with _lock:
        importlib.import_module("keras")


def wait_while_importing() -> None:
    """Return at once unless Keras is being imported, else when that import is done. Imports nothing."""
    with _lock:
        pass


def import_in_background(then=None) -> threading.Thread:
    """Import Keras in a new daemon thread, then call `then()` there (if given).

    The lock is taken here, before the thread starts, so a rerun that comes right after already waits for
    this import instead of racing it.
    """
    _lock.acquire()

    def work():
        try:
            importlib.import_module("keras")
        finally:
            _lock.release()
        warn_if_unsafe_keras()
        if then is not None:
            then()

    thread = threading.Thread(target=work, name="rnnviz-warm-up", daemon=True)
    thread.start()
    return thread


# Keras' safe_mode can be bypassed by a crafted .keras file before 3.14 (CVE-2025-1550 fixed in 3.9,
# CVE-2025-8747 and CVE-2025-9906 in 3.11, CVE-2026-1462 and a path traversal in archive extraction in 3.14).
SAFE_KERAS = (3, 14)


def keras_version() -> tuple[int, ...]:
    """The installed Keras' version as numbers, e.g. (3, 15, 0) (pre-release tails ignored)."""
    import keras

    numbers = []
    for part in keras.__version__.split(".")[:3]:
        digits = "".join(itertools.takewhile(str.isdigit, part))
        numbers.append(int(digits or 0))
    return tuple(numbers)


def check_keras_for_uploads() -> None:
    """ValueError unless the installed Keras loads uploaded models safely (at least SAFE_KERAS): an older one
    may run code hidden in a crafted file even with safe_mode=True, so uploads are refused rather than trusted."""
    import_keras()
    if keras_version() < SAFE_KERAS:
        import keras

        raise ValueError(f"this server's Keras {keras.__version__} cannot open uploaded models safely (Keras "
                         f"{'.'.join(map(str, SAFE_KERAS))} or newer is needed): uploads of models are refused")


def warn_if_unsafe_keras() -> bool:
    """At start-up (the server's warm-up import): log a warning when this Keras is too old to load uploaded models
    safely, so the teacher learns it before a student's upload is refused. True when it is too old."""
    try:
        check_keras_for_uploads()
    except ValueError as error:
        logging.getLogger("rnnviz").warning("%s; install keras>=%s", error, ".".join(map(str, SAFE_KERAS)))
        return True
    return False
