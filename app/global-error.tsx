"use client";

/** The last resort when the root layout itself fails: its own document, plain styles. */
export default function GlobalError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", background: "#f4f4f5", color: "#18181b", display: "grid", placeItems: "center", minHeight: "100vh", margin: 0 }}>
        <title>Error · Switchyard</title>
        <div style={{ textAlign: "center", padding: 24 }}>
          <h1 style={{ fontSize: 17 }}>Switchyard could not load this page</h1>
          <p style={{ fontSize: 13, color: "#71717a" }}>Something went wrong on the server. Try again in a moment.</p>
          <button type="button" onClick={() => retry()} style={{ marginTop: 12, padding: "6px 14px", borderRadius: 6, border: "1px solid #18181b", background: "#18181b", color: "#fff", cursor: "pointer" }}>
            Try again
          </button>
        </div>
      </body>
    </html>
  );
}
