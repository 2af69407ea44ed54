/**
 * A text/event-stream response fed by `produce`, which gets `send(event, data)`, an
 * AbortSignal that fires when the client goes away, and `write(frames)` for frames
 * already rendered (`id:`, `event:`, `data:` lines, each frame ending with a blank line).
 */
export function eventStream(
  req: Request,
  produce: (send: (event: string, data: unknown) => void, signal: AbortSignal, write: (frames: string) => void) => Promise<void>,
): Response {
  const encoder = new TextEncoder();
  const abort = new AbortController();
  req.signal.addEventListener("abort", () => abort.abort());
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: string, data: unknown) => {
        if (abort.signal.aborted) return;
        controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      };
      const write = (frames: string) => {
        if (!abort.signal.aborted && frames) controller.enqueue(encoder.encode(frames));
      };
      try {
        await produce(send, abort.signal, write);
      } catch (error) {
        send("error", { message: error instanceof Error ? error.message : "stream failed" });
      } finally {
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      }
    },
    cancel() {
      abort.abort();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
  });
}
