import { Presets, SingleBar } from 'cli-progress';
import type { ExportEvent } from './export-events.ts';

/** How an export shows its progress: a bar on a terminal, nothing, or one JSON object a line for scripts. */
export type ProgressMode = 'bar' | 'quiet' | 'json';

export interface ProgressReporter {
  readonly onEvent: (event: ExportEvent) => void;
  stop(): void;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The export's progress display: resources, bytes, files and rate on a cli-progress bar (stderr), or
 * JSON lines on stdout (every event but the per-chunk `data` ones, which are folded into a `progress`
 * line at most once a second). Events carry counts and names only, so neither mode can print PHI.
 */
export function createProgressReporter(
  mode: ProgressMode,
  out: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } = process,
  now: () => number = Date.now,
): ProgressReporter {
  let resources = 0;
  let bytes = 0;
  let filesDone = 0;
  let filesTotal = 0;
  const started = now();
  if (mode === 'quiet') return { onEvent: () => undefined, stop: () => undefined };
  if (mode === 'json') {
    let lastProgress = 0;
    const write = (value: object): void => {
      out.stdout.write(JSON.stringify(value) + '\n');
    };
    return {
      onEvent: (event) => {
        if (event.event === 'data') {
          resources += event.lines;
          bytes += event.bytes;
          if (now() - lastProgress >= 1000) {
            lastProgress = now();
            write({ event: 'progress', resources, bytes, filesDone, filesTotal });
          }
          return;
        }
        if (event.event === 'manifest') filesTotal = event.files;
        if (event.event === 'file-done') filesDone++;
        write(event);
      },
      stop: () => undefined,
    };
  }
  const bar = new SingleBar(
    {
      format: ' export |{bar}| {value}/{total} files | {resources} resources | {size} | {rate}/s | {phase}',
      stream: out.stderr,
      hideCursor: true,
      barsize: 24,
      etaBuffer: 20,
      noTTYOutput: false,
      notTTYSchedule: 5000,
    },
    Presets.shades_classic,
  );
  let started2 = false;
  const payload = (phase: string): Record<string, string | number> => {
    const seconds = Math.max(0.001, (now() - started) / 1000);
    return {
      resources: resources.toLocaleString('en-US'),
      size: megabytes(bytes),
      rate: megabytes(bytes / seconds),
      phase,
    };
  };
  const ensure = (): void => {
    if (!started2) {
      bar.start(Math.max(filesTotal, 1), filesDone, payload('starting'));
      started2 = true;
    }
  };
  return {
    onEvent: (event) => {
      ensure();
      switch (event.event) {
        case 'kickoff':
          bar.update(payload('kick-off'));
          return;
        case 'restart':
          bar.update(payload(`starting over: ${event.reason}`));
          return;
        case 'resume':
          filesDone = event.filesDone;
          bar.setTotal(Math.max(1, event.filesTotal));
          bar.update(filesDone, payload(`resuming (${event.phase})`));
          return;
        case 'status':
          bar.update(payload(`server: ${event.progress ?? 'in progress'}`));
          return;
        case 'retry':
          bar.update(payload(`retrying ${event.what}${event.status ? ` (${event.status})` : ''}`));
          return;
        case 'manifest':
          filesTotal = event.files;
          bar.setTotal(Math.max(1, event.files));
          bar.update(payload('downloading'));
          return;
        case 'data':
          resources += event.lines;
          bytes += event.bytes;
          bar.update(payload('downloading'));
          return;
        case 'file-done':
          filesDone++;
          bar.update(filesDone, payload('downloading'));
          return;
        case 'file-start':
        case 'file-resume':
          return;
        case 'job-deleted':
          bar.update(payload('job deleted'));
          return;
        case 'done':
          bar.update(filesDone, payload('done'));
          return;
      }
    },
    stop: () => {
      if (started2) bar.stop();
    },
  };
}
