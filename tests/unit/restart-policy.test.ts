import { describe, expect, it } from 'vitest';
import { createRestartPolicy, describeExit } from '@/scripts/lib/restart-policy';

const options = { maxCrashes: 5, windowMs: 60_000, baseDelayMs: 1_000, maxDelayMs: 30_000 };

describe('the supervisor restart policy', () => {
  it('starts a crashed process again after a delay that doubles with each crash in the window', () => {
    const policy = createRestartPolicy(options);
    const delays = [0, 5_000, 10_000, 15_000].map((at) => policy.crashed(at));
    expect(delays).toEqual([
      { action: 'restart', delayMs: 1_000, crashesInWindow: 1 },
      { action: 'restart', delayMs: 2_000, crashesInWindow: 2 },
      { action: 'restart', delayMs: 4_000, crashesInWindow: 3 },
      { action: 'restart', delayMs: 8_000, crashesInWindow: 4 },
    ]);
  });

  it('stops at the fifth crash within a minute: a crash loop', () => {
    const policy = createRestartPolicy(options);
    for (const at of [0, 1_000, 2_000, 3_000]) expect(policy.crashed(at).action).toBe('restart');
    expect(policy.crashed(59_000)).toEqual({ action: 'stop', crashesInWindow: 5 });
  });

  it('forgets crashes older than the window: a process that crashes once an hour is always restarted', () => {
    const policy = createRestartPolicy(options);
    for (let hour = 0; hour < 24; hour++) {
      expect(policy.crashed(hour * 3_600_000)).toEqual({
        action: 'restart',
        delayMs: 1_000,
        crashesInWindow: 1,
      });
    }
    // Four in the minute after 20 s apart each: the window slides, so the fifth of the day is not a loop.
    const slow = createRestartPolicy(options);
    for (let i = 0; i < 10; i++) expect(slow.crashed(i * 20_000).action).toBe('restart');
  });

  it('caps the delay', () => {
    const policy = createRestartPolicy({ ...options, maxCrashes: 100, maxDelayMs: 5_000 });
    const last = [0, 1, 2, 3, 4, 5, 6].map((at) => policy.crashed(at)).at(-1);
    expect(last).toEqual({ action: 'restart', delayMs: 5_000, crashesInWindow: 7 });
  });

  it('says why a process ended', () => {
    expect(describeExit(null, 'SIGKILL')).toMatch(/SIGKILL.*out of memory/);
    expect(describeExit(null, 'SIGABRT')).toMatch(/heap out of memory/);
    expect(describeExit(1, null)).toBe('exited with code 1');
  });
});
