"""The embedded shape's broker: kombu's filesystem transport, with messages written atomically.

Kombu writes a message file in place, so a worker polling the folder can pick up a file that
exists but is not written yet, fail to decode it and stop. Here each message is written under a
name no reader looks for, then renamed into place: a reader sees a whole message or none.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from time import monotonic
from typing import Any

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps

TRANSPORT = "service.embedded_broker:Transport"


class Channel(filesystem.Channel):
    def _put(self, queue: str, payload: Any, **kwargs: Any) -> None:
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        # Readers only take files named "<...>.<queue>.msg"; this one is "draft-<uuid>".
        draft = os.path.join(self.data_folder_out, f".draft-{uuid.uuid4()}")
        try:
            with open(draft, "wb") as file:
                file.write(str_to_bytes(dumps(payload)))
            os.replace(draft, final)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.remove(draft)
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel
