/**
 * Wait for real I/O (a socket, a child process) to reach a state. This is not
 * a sleep standing in for a schedule: engine time is always a FakeClock.
 */
export async function waitFor<T>(probe: () => T | undefined | false | null | Promise<T | undefined | false | null>, what = 'condition', timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
