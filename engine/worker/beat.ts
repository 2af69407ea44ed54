/** How often an engine thread bumps its heartbeat counter (engine/worker/pool.ts watches it). */
export const BEAT_MS = 100;
