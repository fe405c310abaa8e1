/**
 * What an export reports while it runs: counts, sizes, file names and phases, never resource content,
 * tokens or assertions. The CLI turns these into a progress bar or JSON lines.
 */
export type ExportEvent =
  | { readonly event: 'kickoff'; readonly resumed: boolean }
  | { readonly event: 'restart'; readonly reason: string }
  | {
      readonly event: 'resume';
      readonly phase: 'polling' | 'downloading';
      readonly filesDone: number;
      readonly filesTotal: number;
    }
  | { readonly event: 'status'; readonly progress: string | null; readonly waitMs: number }
  | {
      readonly event: 'retry';
      readonly what: string;
      readonly status: number | null;
      readonly attempt: number;
      readonly waitMs: number;
    }
  | {
      readonly event: 'manifest';
      readonly files: number;
      readonly expectedResources: number | null;
      readonly transactionTime: string;
    }
  | { readonly event: 'file-start'; readonly name: string }
  | { readonly event: 'data'; readonly name: string; readonly bytes: number; readonly lines: number }
  | { readonly event: 'file-resume'; readonly name: string; readonly offset: number }
  | {
      readonly event: 'file-done';
      readonly name: string;
      readonly type: string;
      readonly resources: number;
      readonly bytes: number;
    }
  | { readonly event: 'job-deleted' }
  | { readonly event: 'done'; readonly summary: ExportSummary };

/** The result of an export, also written as the last JSON line in `--json` mode. */
export interface ExportSummary {
  readonly outDir: string;
  readonly transactionTime: string;
  readonly files: number;
  readonly resources: number;
  readonly bytes: number;
  readonly resourcesByType: Record<string, number>;
  readonly errorFiles: number;
  readonly deletedFiles: number;
  /** True when this run found the export already complete and did nothing. */
  readonly alreadyComplete: boolean;
}
