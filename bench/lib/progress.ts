// A progress bar for benchmark scripts: redrawn in place on a terminal, one line per 10% otherwise (CI logs).

export function progressPrinter(label: string): (fraction: number) => void {
  const tty = process.stdout.isTTY;
  let lastDecile = -1;
  return (fraction) => {
    const percent = Math.round(fraction * 100);
    if (tty) {
      const filled = Math.round(fraction * 30);
      process.stdout.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${percent}%`);
      if (fraction >= 1) process.stdout.write('\n');
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile > lastDecile) {
      lastDecile = decile;
      console.log(`${label} ${percent}%`);
    }
  };
}
