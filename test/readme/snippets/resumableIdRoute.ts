// app/api/chat/[id]/route.ts
import { isOwner, streams, userIdOf } from './streams';

type Context = { params: Promise<{ id: string }> };

// Reconnect: the events after Last-Event-ID, then the live ones. 204 once the stream expired.
export async function GET(req: Request, { params }: Context): Promise<Response> {
  const { id } = await params;
  if (!(await isOwner(id, userIdOf(req)))) return new Response(null, { status: 404 });
  return streams.resume(id, req.headers.get('last-event-id'));
}

// Stop: aborts the model's signal on whichever instance runs it.
export async function DELETE(req: Request, { params }: Context): Promise<Response> {
  const { id } = await params;
  if (!(await isOwner(id, userIdOf(req)))) return new Response(null, { status: 404 });
  return streams.stop(id);
}
