/** Polls until `check` answers a truthy value or the time is up (for work done by queue workers). */
export async function waitFor<T>(check: () => Promise<T>, timeoutMs = 20000, intervalMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`waitFor: still false after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
