// A clock that moves only when a test moves it, so every timestamp a fake stores or a service compares is exact.

export const FAKE_EPOCH = Date.UTC(2026, 0, 1);

export class FakeClock {
  #ms: number;

  constructor(start: number | Date = FAKE_EPOCH) {
    this.#ms = typeof start === 'number' ? start : start.getTime();
  }

  /** Milliseconds since the epoch, in the shape services take (`now: () => number`). */
  readonly now = (): number => this.#ms;

  /** The current instant as a Date, in the shape TrackingService takes (`now: () => Date`). */
  readonly date = (): Date => new Date(this.#ms);

  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error(`a clock only moves forward (advance by ${ms})`);
    this.#ms += ms;
  }

  set(at: number | Date): void {
    this.#ms = typeof at === 'number' ? at : at.getTime();
  }
}
