/**
 * Users before background work. While an interaction or a DM reply is being handled, the
 * scheduler's next slice and the dispatcher's next pass of deliveries wait for it (at most
 * `maxWaitMs` each time, so a steady stream of users never stops reminders). At the top of a busy
 * minute the bot's one thread has thousands of deliveries to decide and send; without this, a
 * /today queued behind every slice that was ready before it. The dispatcher waits once per pass,
 * not per delivery: /assign stays in flight while it waits for its own deliveries.
 */
export class Foreground {
  private inFlight = 0;

  /** @param maxWaitMs the longest a slice of background work waits for users each time. */
  constructor(private readonly maxWaitMs = 25) {}

  private waiting: (() => void)[] = [];

  /** Marks `work` (an interaction, a DM reply) in flight until it settles. */
  track<T>(work: Promise<T>): Promise<T> {
    this.inFlight++;
    return work.finally(() => {
      this.inFlight--;
      if (this.inFlight === 0) this.release();
    });
  }

  /** How many are in flight now. */
  get busy(): number {
    return this.inFlight;
  }

  /**
   * Where background work gives way: always one turn of the event loop (what arrived meanwhile
   * starts), then, while user work is in flight, until it is done or `maxWaitMs` has passed.
   */
  async turn(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.inFlight === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, this.maxWaitMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.waiting.push(done);
    });
  }

  private release(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const done of waiting) done();
  }
}

/** Background work's turn when there is no foreground to give way to (tests, the bench): one turn of the loop. */
export const nextTurn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));
