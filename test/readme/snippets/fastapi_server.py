import asyncio

from fastapi import FastAPI, Request
from sse_starlette.sse import EventSourceResponse

app = FastAPI()


async def async_stream(prompt: str):
    """A stand-in for your model: spells the prompt back, a word every 20 ms."""
    words = prompt.split(" ")
    for i, word in enumerate(words):
        await asyncio.sleep(0.02)
        yield word if i == len(words) - 1 else word + " "


@app.get("/chat/stream")
async def stream_chat(prompt: str, request: Request):
    async def generate():
        finished = False
        try:
            async for token in async_stream(prompt):
                if await request.is_disconnected():
                    break  # the client left: stop generating
                yield {"event": "token", "data": token}
            else:
                finished = True
                yield {"event": "done", "data": ""}
        finally:
            # Also reached when sse-starlette cancels the generator on a disconnect.
            if not finished:
                print("client disconnected: generation stopped", flush=True)

    return EventSourceResponse(generate())
