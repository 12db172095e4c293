"""What the web app builds from the store, kept until the store changes.

    dossiers = Kept(256)
    dossier = dossiers.get(store.version(), actor_id, lambda: read_dossier(...))

A thing is kept with the store version it was built from (`Store.version`: document count and
latest analysis time) and rebuilt when asked for under another; the least recently asked for goes
first when more than `size` are kept. Requests run in a thread pool, hence the lock; two requests
may build the same thing at once, and the last one is kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class Kept:
    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[Hashable, tuple[Any, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, version: Any, key: Hashable, build: Callable[[], Any]) -> Any:
        """What `build()` gives, built at most once per store version and key while kept."""
        with self._lock:
            found = self._items.get(key)
            if found is not None and found[0] == version:
                self._items.move_to_end(key)
                return found[1]
        built = build()
        with self._lock:
            self._items[key] = (version, built)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return built
