/**
 * A progress bar on standard error when it is a terminal; nothing when output is piped or
 * redirected, so logs and CI output stay clean.
 */
export interface Progress {
  update(done: number, note?: string): void;
  finish(): void;
}

export function progressBar(total: number, label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || total <= 0) return { update() {}, finish() {} };
  let last = 0;
  const draw = (done: number, note = '') => {
    const fraction = Math.min(1, done / total);
    const width = 30;
    const filled = Math.round(fraction * width);
    stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}% ${note}`);
  };
  return {
    update(done, note) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      draw(done, note);
    },
    finish() {
      draw(total);
      stream.write('\n');
    },
  };
}
