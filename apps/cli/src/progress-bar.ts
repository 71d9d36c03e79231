// A terminal progress bar on stderr: redrawn in place on a TTY, a line every 10% otherwise (CI logs).

export class ProgressBar {
  private lastPercent = -1;
  private readonly started = Date.now();

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, note = ''): void {
    const fraction = this.total > 0 ? Math.min(1, done / this.total) : 0;
    const percent = Math.floor(fraction * 100);
    const seconds = (Date.now() - this.started) / 1000;
    const rate = seconds > 0 ? done / seconds / 1e6 : 0;
    if (this.out.isTTY) {
      const width = 30;
      const filled = Math.round(fraction * width);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      this.out.write(
        `\r${this.label} ${bar} ${String(percent).padStart(3)}%  ${rate.toFixed(1)} MB/s ${note}`.padEnd(100),
      );
    } else if (percent >= this.lastPercent + 10 || (percent === 100 && this.lastPercent !== 100)) {
      this.out.write(`${this.label} ${percent}% (${(done / 1e6).toFixed(1)} MB, ${rate.toFixed(1)} MB/s) ${note}\n`);
    } else {
      return;
    }
    this.lastPercent = percent;
  }

  finish(note = ''): void {
    this.update(this.total, note);
    if (this.out.isTTY) this.out.write('\n');
  }
}
