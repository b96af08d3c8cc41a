// Real-time play's clock: steps the world at a fixed rate once it is started (by a key), and not while stopped
// (the game lost focus, the tab was hidden, the episode ended), so nobody at the keyboard records nothing.

export class RealtimeClock {
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly tick: () => void, private readonly onRunning: (running: boolean) => void = () => undefined) {}

  get running(): boolean {
    return this.timer !== null;
  }

  /** Ticks now, then `stepsPerSecond` times a second; a running clock is left as it is. */
  start(stepsPerSecond: number): void {
    if (this.timer) return;
    this.timer = setInterval(this.tick, 1000 / stepsPerSecond);
    this.onRunning(true);
    this.tick();
  }

  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
    this.onRunning(false);
  }
}
