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
        if then is not None:
            then()

    thread = threading.Thread(target=work, name="rnnviz-warm-up", daemon=True)
    thread.start()
    return thread
