import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * One user's reaction to one card (CDS Hooks 2.0 §Feedback), as kept for training data (preference
 * pairs): ids, codings from Chartside's own override list, timestamps and what Chartside knew of the card
 * when it answered. Never patient content: free-text override comments are not kept (only that there was
 * one), nor any code or text of the chart.
 */
export interface FeedbackRecord {
  receivedAt: string;
  service: string;
  client: string;
  tenant?: string;
  card: string;
  outcome: 'accepted' | 'overridden';
  acceptedSuggestions: string[];
  overrideReason?: { system?: string; code: string };
  hasUserComment: boolean;
  outcomeTimestamp: string;
  /** Present when this process issued the card: links the feedback to the de-identified case and model. */
  issued?: {
    hookInstance: string;
    caseHash: string;
    backend: string;
    modelVersion: string;
    /** How many suggestions the card offered, and the rank (0-based) of each accepted one. */
    offered: number;
    acceptedRanks: number[];
  };
}

/** What must be kept together with the records: both, or neither (the request's audit record). */
export interface CommitWith {
  commitWith?: () => void | Promise<void>;
}

export interface FeedbackStore {
  /**
   * Keeps the records. With `commitWith`, it runs once the records are written, and if it fails they are
   * removed again (the database: one transaction), so the records are kept only if it succeeds.
   */
  record(records: readonly FeedbackRecord[], options?: CommitWith): Promise<void>;
}

/** Keeps feedback in memory (tests, and deployments that do not collect training data). */
export class MemoryFeedbackStore implements FeedbackStore {
  readonly records: FeedbackRecord[] = [];
  async record(records: readonly FeedbackRecord[], options: CommitWith = {}): Promise<void> {
    const at = this.records.length;
    this.records.push(...records);
    try {
      await options.commitWith?.();
    } catch (error) {
      this.records.splice(at, records.length);
      throw error;
    }
  }
}

/**
 * Appends records to an NDJSON file, one record a line, each call one `O_APPEND` write followed by
 * fdatasync, calls serialised: what `append` resolved is on disk. The file is 0600 in a 0700 folder.
 */
export class NdjsonAppendLog<T> {
  private handle: Promise<FileHandle> | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  /**
   * Appends the records; with `commitWith`, runs it after they are on disk and, if it fails, cuts the file back
   * to its length before them (appends are serialised, so nothing else was written in between). A crash
   * between the two steps can still leave the records without what `commitWith` writes.
   */
  append(records: readonly T[], options: CommitWith = {}): Promise<void> {
    if (records.length === 0) return Promise.resolve().then(() => options.commitWith?.());
    const data = Buffer.from(records.map((r) => JSON.stringify(r)).join('\n') + '\n', 'utf8');
    const run = this.queue.then(async () => {
      const fh = await this.open();
      const before = (await fh.stat()).size;
      let offset = 0;
      while (offset < data.length) offset += (await fh.write(data, offset, data.length - offset)).bytesWritten;
      await fh.datasync();
      try {
        await options.commitWith?.();
      } catch (error) {
        await fh.truncate(before);
        await fh.datasync();
        throw error;
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.queue;
    if (this.handle) await (await this.handle).close();
    this.handle = undefined;
  }

  private open(): Promise<FileHandle> {
    this.handle ??= mkdir(dirname(this.file), { recursive: true, mode: 0o700 }).then(() => open(this.file, 'a', 0o600));
    return this.handle;
  }
}

/** The feedback store as an NDJSON file (`CHARTSIDE_FEEDBACK_LOG`). */
export class NdjsonFeedbackStore extends NdjsonAppendLog<FeedbackRecord> implements FeedbackStore {
  record(records: readonly FeedbackRecord[], options?: CommitWith): Promise<void> {
    return this.append(records, options);
  }
}
