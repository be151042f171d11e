# A stand-in for the sse-starlette package, for the README's tests only: see sse.py.
from sse_starlette.sse import EventSourceResponse, ServerSentEvent

__all__ = ["EventSourceResponse", "ServerSentEvent"]
