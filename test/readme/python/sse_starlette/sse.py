"""A stand-in for sse-starlette's EventSourceResponse, for the README's tests only.

Debian packages FastAPI and uvicorn but not sse-starlette, and the tests install nothing from
PyPI, so the FastAPI recipe runs against this module instead. It copies what the client sees
of sse-starlette (https://github.com/sysid/sse-starlette, sse_starlette/sse.py and event.py):

- the wire format, with CRLF line endings: `event: token\r\ndata: x\r\n\r\n`;
- a `: ping - <UTC time>` comment every 15 seconds (SSE_STANDIN_PING_SECONDS overrides it, so
  a test can have pings between tokens);
- the headers: `text/event-stream; charset=utf-8`, `Cache-Control: no-cache`,
  `Connection: keep-alive`, `X-Accel-Buffering: no`;
- on a client disconnect, the task streaming the generator is cancelled (so its `finally`
  runs), as sse-starlette's task group does.

In an app, use the real package: `pip install sse-starlette`.
"""

import os
import re
from datetime import datetime, timezone
from typing import Any, AsyncIterable, Awaitable, Callable, Mapping, Optional

import anyio
from starlette.concurrency import iterate_in_threadpool
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

_LINE_SEP = re.compile(r"\r\n|\r|\n")
_SEP = "\r\n"


class ServerSentEvent:
    def __init__(
        self,
        data: Optional[Any] = None,
        *,
        event: Optional[str] = None,
        id: Optional[str] = None,
        retry: Optional[int] = None,
        comment: Optional[str] = None,
    ) -> None:
        self.data = data
        self.event = event
        self.id = id
        self.retry = retry
        self.comment = comment

    def encode(self) -> bytes:
        lines = []
        if self.comment is not None:
            lines += [f": {chunk}" for chunk in _LINE_SEP.split(str(self.comment))]
        if self.id is not None:
            lines.append("id: " + _LINE_SEP.sub("", str(self.id)))
        if self.event is not None:
            lines.append("event: " + _LINE_SEP.sub("", str(self.event)))
        if self.data is not None:
            lines += [f"data: {chunk}" for chunk in _LINE_SEP.split(str(self.data))]
        if self.retry is not None:
            lines.append(f"retry: {int(self.retry)}")
        return ("".join(line + _SEP for line in lines) + _SEP).encode("utf-8")


def _to_bytes(item: Any) -> bytes:
    if isinstance(item, bytes):
        return item
    if isinstance(item, ServerSentEvent):
        return item.encode()
    if isinstance(item, dict):
        return ServerSentEvent(**item).encode()
    return ServerSentEvent(str(item)).encode()


class EventSourceResponse(Response):
    DEFAULT_PING_INTERVAL = float(os.environ.get("SSE_STANDIN_PING_SECONDS", "15"))

    def __init__(
        self,
        content: Any,
        status_code: int = 200,
        headers: Optional[Mapping[str, str]] = None,
        media_type: str = "text/event-stream",
        ping: Optional[float] = None,
    ) -> None:
        self.body_iterator = content if isinstance(content, AsyncIterable) else iterate_in_threadpool(content)
        self.status_code = status_code
        self.media_type = media_type
        self.background = None
        merged = dict(headers or {})
        merged.setdefault("Cache-Control", "no-cache")
        merged["Connection"] = "keep-alive"
        merged["X-Accel-Buffering"] = "no"
        self.init_headers(merged)
        self.ping_interval = self.DEFAULT_PING_INTERVAL if ping is None else ping
        self._active = True
        self._send_lock = anyio.Lock()

    async def _stream(self, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
        async for item in self.body_iterator:
            await send({"type": "http.response.body", "body": _to_bytes(item), "more_body": True})
        async with self._send_lock:
            self._active = False
            await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def _ping(self, send: Send) -> None:
        while self._active:
            await anyio.sleep(self.ping_interval)
            ping = ServerSentEvent(comment=f"ping - {datetime.now(timezone.utc)}").encode()
            async with self._send_lock:
                if self._active:
                    await send({"type": "http.response.body", "body": ping, "more_body": True})

    @staticmethod
    async def _listen_for_disconnect(receive: Receive) -> None:
        while (await receive())["type"] != "http.disconnect":
            pass

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async with anyio.create_task_group() as group:
            # Whichever ends first (the stream, or the client) ends the others.
            async def cancel_on_finish(run: Callable[[], Awaitable[None]]) -> None:
                await run()
                group.cancel_scope.cancel()

            group.start_soon(cancel_on_finish, lambda: self._stream(send))
            group.start_soon(cancel_on_finish, lambda: self._ping(send))
            await cancel_on_finish(lambda: self._listen_for_disconnect(receive))
