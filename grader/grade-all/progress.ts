/**
 * Progress for a long batch: a bar with ETA redrawn in place on a terminal, plain lines
 * otherwise (CI logs, redirected output), so both a teacher and a log file can follow it.
 */
export interface Progress {
  done(student: string, summary: string): void;
  finish(): void;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function createProgress(total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = performance.now();
  let count = 0;
  const tty = Boolean(stream.isTTY);
  return {
    done(student, summary) {
      count++;
      const elapsed = performance.now() - started;
      const eta = count < total ? duration((elapsed / count) * (total - count)) : '0s';
      if (tty) {
        const width = 30;
        const filled = Math.round((count / total) * width);
        const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
        const line = `${bar} ${count}/${total}  ETA ${eta}  ${student} ${summary}`;
        // Cut to the terminal's width, and erase what a longer line before it left to its right.
        stream.write(`\r${line.slice(0, Math.max(stream.columns ?? 100, 40) - 1)}\x1b[K`);
      } else {
        stream.write(`[${count}/${total}] ${student}: ${summary} (elapsed ${duration(elapsed)}, ETA ${eta})\n`);
      }
    },
    finish() {
      if (tty) stream.write('\n');
    },
  };
}
