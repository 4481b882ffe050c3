// Users before background work (src/foreground.ts): a tick's next slice waits while an interaction
// or DM reply is in flight, but never longer than its bound.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Foreground } from '../../src/foreground';

afterEach(() => vi.useRealTimers());

/** Whether `p` has settled after the pending callbacks have run. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('Foreground', () => {
  it('with nothing in flight, gives one turn of the loop and goes on', async () => {
    const fg = new Foreground();
    expect(await settled(fg.turn())).toBe(true);
  });

  it('waits while an interaction is in flight, and goes on when it is answered', async () => {
    const fg = new Foreground(60_000);
    let answer!: () => void;
    const interaction = fg.track(new Promise<void>((resolve) => (answer = resolve)));
    expect(fg.busy).toBe(1);
    const turn = fg.turn();
    expect(await settled(turn)).toBe(false);
    answer();
    await interaction;
    expect(fg.busy).toBe(0);
    expect(await settled(turn)).toBe(true);
  });

  it('a failed interaction counts as done too', async () => {
    const fg = new Foreground(60_000);
    let fail!: (err: Error) => void;
    const interaction = fg.track(new Promise<void>((_, reject) => (fail = reject)));
    const turn = fg.turn();
    fail(new Error('Discord said no'));
    await expect(interaction).rejects.toThrow('Discord said no');
    expect(await settled(turn)).toBe(true);
  });

  it('never waits longer than its bound, so a stream of users does not stop reminders', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate'] });
    const fg = new Foreground(25);
    void fg.track(new Promise<void>(() => undefined)); // never answered
    let done = false;
    void fg.turn().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(24);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });
});
