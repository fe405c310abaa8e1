import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { GENESIS_HASH, hashLine, headFileOf, linkOf } from './audit-chain.ts';

/** One problem found, located by line number; never the line's content. */
export interface AuditProblem {
  line: number;
  problem: string;
}

export interface AuditVerification {
  ok: boolean;
  file: string;
  /** Complete lines read. */
  lines: number;
  lastSeq: number;
  /** SHA-256 of the last complete line: anchor it elsewhere to detect a rewrite of the whole chain. */
  lastHash: string;
  /**
   * The `.head` sidecar: `match` (its line is in the chain), `behind` (the last batch's head update was lost
   * in a crash: lines after it are allowed), `missing`, or `mismatch`/`ahead` (lines were removed or changed).
   */
  head: 'match' | 'missing' | 'unreadable' | 'mismatch' | 'ahead';
  /** The file ends in a partial line left by a crash: the writer cuts it at its next start. */
  tornTail: boolean;
  /** The first problems (at most 20). */
  problems: AuditProblem[];
}

const HeadSchema = z.object({ seq: z.number().int().min(0), hash: z.string().regex(/^[0-9a-f]{64}$/) });
const MAX_PROBLEMS = 20;

async function endsWithNewline(file: string): Promise<boolean> {
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    if (size === 0) return true;
    const b = Buffer.alloc(1);
    await fh.read(b, 0, 1, size - 1);
    return b[0] === 0x0a;
  } finally {
    await fh.close();
  }
}

/**
 * Checks an audit log written by `openAuditLog`: every line a chained AuditEvent, sequence numbers 1, 2, …
 * without gaps, each line's `prev` the SHA-256 of the line before, and the `.head` sidecar's line present
 * with that hash. Detects any edit, deletion, insertion or reordering of lines (short of a rewrite of the
 * whole chain and its head, which only an external anchor of `lastHash` catches).
 */
export async function verifyAuditLog(file: string): Promise<AuditVerification> {
  let complete: boolean;
  try {
    complete = await endsWithNewline(file);
  } catch {
    throw new AppError('NOT_FOUND', `audit log ${file} cannot be read`);
  }
  const problems: AuditProblem[] = [];
  const report = (line: number, problem: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push({ line, problem });
  };
  const hashes = new Map<number, string>();
  let headRaw: string | undefined;
  try {
    headRaw = await readFile(headFileOf(file), 'utf8');
  } catch {
    headRaw = undefined;
  }
  const headParsed = headRaw === undefined ? undefined : HeadSchema.safeParse(safeJson(headRaw));
  const wantSeq = headParsed?.success ? headParsed.data.seq : undefined;

  let lineNo = 0;
  let lastSeq = 0;
  let lastHash = GENESIS_HASH;
  let torn = false;
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let pendingLine: string | undefined;
  const consume = (line: string): void => {
    lineNo += 1;
    const link = linkOf(safeJson(line));
    if (!link) {
      report(lineNo, 'not a chained AuditEvent (unparseable JSON or no audit-chain extension)');
    } else {
      if (link.seq !== lastSeq + 1) report(lineNo, `sequence number ${link.seq} where ${lastSeq + 1} was expected`);
      if (link.prev !== lastHash) report(lineNo, `prev hash does not match line ${lineNo - 1}`);
      lastSeq = link.seq;
    }
    lastHash = hashLine(line);
    if (link && link.seq === wantSeq) hashes.set(link.seq, lastHash);
  };
  for await (const line of lines) {
    if (pendingLine !== undefined) consume(pendingLine);
    pendingLine = line;
  }
  if (pendingLine !== undefined) {
    if (complete) consume(pendingLine);
    else torn = true;
  }

  let head: AuditVerification['head'];
  if (headRaw === undefined) head = 'missing';
  else if (!headParsed?.success) head = 'unreadable';
  else if (headParsed.data.seq > lastSeq) head = 'ahead';
  else if (headParsed.data.seq === 0 || hashes.get(headParsed.data.seq) === headParsed.data.hash) head = 'match';
  else head = 'mismatch';
  if (head === 'ahead') report(lineNo, `the head records line ${headParsed?.data?.seq ?? '?'}: lines were removed`);
  if (head === 'mismatch') report(lineNo, 'the head hash does not match its line: lines were changed');

  return { ok: problems.length === 0, file, lines: lineNo, lastSeq, lastHash, head, tornTail: torn, problems };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
