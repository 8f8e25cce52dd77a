import { describe, expect, it } from 'vitest';
import { admit, defaultPasswordWorkers, retryAfterSeconds, type Admission } from '../../src/core/policy/password-queue.js';

describe('password queue admission [I]', () => {
  it.each<[number, number, number, Admission]>([
    // idle workers, waiting, queue size → decision
    [1, 0, 64, 'start'],
    [2, 0, 0, 'start'], // a queue of 0 still runs checks on idle workers
    [1, 3, 64, 'wait'], // others are already waiting: first come, first served
    [0, 0, 64, 'wait'],
    [0, 63, 64, 'wait'],
    [0, 64, 64, 'refuse'],
    [0, 0, 0, 'refuse'],
  ])('idle %i, waiting %i, size %i → %s', (idleWorkers, waiting, queueSize, expected) => {
    expect(admit({ idleWorkers, waiting, queueSize })).toBe(expected);
  });
});

describe('Retry-After of a throttled password check [I]', () => {
  it.each<[number, number, number, number]>([
    // waiting, workers, ms per check → seconds
    [1, 1, 300, 1], // never 0: "retry now" would come straight back
    [0, 1, 300, 1],
    [64, 1, 300, 20],
    [64, 2, 300, 10],
    [65, 1, 300, 20], // 19.5 s rounds up
    [64, 1, 15_000, 60], // a starved worker: capped
    [10, 0, 1000, 10], // no workers counts as one
  ])('%i waiting on %i workers at %i ms → %i s', (waiting, workers, msPerCheck, seconds) => {
    expect(retryAfterSeconds({ waiting, workers, msPerCheck })).toBe(seconds);
  });
});

describe('default password workers [I]', () => {
  it.each<[number, number]>([
    [1, 1],
    [2, 1],
    [3, 1],
    [4, 2],
    [16, 8],
  ])('%i cores → %i', (cores, workers) => {
    expect(defaultPasswordWorkers(cores)).toBe(workers);
  });
});
