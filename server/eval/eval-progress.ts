import cliProgress from 'cli-progress';

/** Reports progress through a run's cases. */
export interface EvalProgress {
  start(label: string, total: number): void;
  tick(): void;
  stop(): void;
}

export const SILENT_PROGRESS: EvalProgress = { start() {}, tick() {}, stop() {} };

/**
 * Progress on stderr: a bar on a terminal; otherwise one line per tenth of a long run (≥ 20 cases), so logs
 * of unattended runs still show where they are. Counts only, never case content.
 */
export function stderrProgress(stream: NodeJS.WriteStream = process.stderr): EvalProgress {
  let bar: cliProgress.SingleBar | undefined;
  let label = '';
  let total = 0;
  let done = 0;
  return {
    start(l, t) {
      label = l;
      total = t;
      done = 0;
      if (stream.isTTY && t >= 20) {
        bar = new cliProgress.SingleBar(
          { stream, format: `${l} [{bar}] {value}/{total} cases, eta {eta_formatted}`, hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(t, 0);
      }
    },
    tick() {
      done++;
      if (bar) bar.increment();
      else if (total >= 20 && (done % Math.ceil(total / 10) === 0 || done === total))
        stream.write(`${label}: ${done}/${total} cases\n`);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
