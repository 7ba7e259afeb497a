/**
 * Long loops on the extension host's one thread (parsing thousands of files, reading a large
 * index) hand the event loop back every SLICE_MS, so the UI's requests are not held up for
 * seconds (P5: the host is never blocked for more than 50 ms at a time).
 */
export const SLICE_MS = 20;

export class TimeSlicer {
  private sliceStart = performance.now();

  constructor(private readonly sliceMs = SLICE_MS) {}

  /** Call once per unit of work: yields a macrotask turn when the current slice is used up. */
  async tick(): Promise<void> {
    if (performance.now() - this.sliceStart < this.sliceMs) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    this.sliceStart = performance.now();
  }
}
