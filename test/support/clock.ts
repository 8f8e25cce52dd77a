// A clock tests move by hand. It starts on a whole second because tokens and Entra's messages
// carry whole seconds: a test can then compare an exp or a printed instant with clock.now() exactly.

import type { Clock } from '../../src/core/ports.js';

export class TestClock implements Clock {
  constructor(private t = Math.floor(Date.now() / 1000) * 1000) {}
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
