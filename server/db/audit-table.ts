import { createWriteStream } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { finished } from 'node:stream/promises';
import { GENESIS_HASH, hashLine, headFileOf, linkOf } from '../audit/audit-chain.ts';
import type { AuditProblem } from '../audit/verify-audit-log.ts';
import type { Database } from './database.ts';

export interface AuditTableVerification {
  ok: boolean;
  source: 'database';
  /** Records read. */
  records: number;
  lastSeq: number;
  /** SHA-256 of the last line: anchor it elsewhere to detect a rewrite of the whole chain. */
  lastHash: string;
  /** The `audit_head` row: `match` (it names the last record), `behind`/`ahead`/`mismatch` (tampering). */
  head: 'match' | 'behind' | 'ahead' | 'mismatch' | 'missing';
  /** The first problems (at most 20), by sequence number; never a record's content. */
  problems: AuditProblem[];
}

const PAGE = 5000;
const MAX_PROBLEMS = 20;

/** Reads the chain in sequence order, a page at a time (bounded memory whatever its length). */
async function* chainRows(db: Database): AsyncGenerator<{ seq: number; line: string; hash: string }> {
  let after = 0;
  for (;;) {
    const { rows } = await db.query<{ seq: string; line: string; hash: string }>(
      'SELECT seq, line, hash FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2',
      [after, PAGE],
    );
    for (const row of rows) yield { seq: Number(row.seq), line: row.line, hash: row.hash };
    const last = rows[rows.length - 1];
    if (!last || rows.length < PAGE) return;
    after = Number(last.seq);
  }
}

/**
 * Verifies the audit chain in the database as `chartside audit verify` verifies a file: sequence numbers
 * 1, 2, … without gaps, each line's `prev` the SHA-256 of the line before, each stored hash that of its line,
 * and the `audit_head` row naming the last record. `line` in problems is the sequence number.
 */
export async function verifyAuditTable(db: Database): Promise<AuditTableVerification> {
  const problems: AuditProblem[] = [];
  const report = (line: number, problem: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push({ line, problem });
  };
  let records = 0;
  let lastSeq = 0;
  let lastHash = GENESIS_HASH;
  for await (const row of chainRows(db)) {
    records += 1;
    if (row.seq !== lastSeq + 1) report(row.seq, `sequence number ${row.seq} where ${lastSeq + 1} was expected`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(row.line);
    } catch {
      parsed = undefined;
    }
    const link = linkOf(parsed);
    if (!link) report(row.seq, 'not a chained AuditEvent (unparseable JSON or no audit-chain extension)');
    else {
      if (link.seq !== row.seq) report(row.seq, `the record says sequence number ${link.seq}`);
      if (link.prev !== lastHash) report(row.seq, `prev hash does not match record ${row.seq - 1}`);
    }
    const hash = hashLine(row.line);
    if (hash !== row.hash) report(row.seq, 'stored hash does not match the record: it was changed');
    lastSeq = row.seq;
    lastHash = hash;
  }
  const { rows } = await db.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1');
  const headRow = rows[0];
  let head: AuditTableVerification['head'];
  if (!headRow) head = 'missing';
  else if (Number(headRow.seq) > lastSeq) head = 'ahead';
  else if (Number(headRow.seq) < lastSeq) head = 'behind';
  else head = headRow.hash === lastHash ? 'match' : 'mismatch';
  if (head === 'missing') report(lastSeq, 'the audit_head row is missing');
  if (head === 'ahead') report(lastSeq, `the head records ${headRow?.seq ?? '?'}: records were removed`);
  if (head === 'behind') report(lastSeq, 'records were added past the head');
  if (head === 'mismatch') report(lastSeq, 'the head hash does not match the last record: records were changed');
  return { ok: problems.length === 0, source: 'database', records, lastSeq, lastHash, head, problems };
}

/**
 * Writes the chain as the NDJSON file `chartside audit verify FILE` checks (the exact lines that were hashed),
 * with its `.head` sidecar. Written to a temporary name and renamed, so a partial export is never left.
 */
export async function exportAuditTable(db: Database, file: string): Promise<{ records: number; lastSeq: number }> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.partial`;
  const out = createWriteStream(tmp, { mode: 0o600 });
  let records = 0;
  let last = { seq: 0, hash: GENESIS_HASH };
  for await (const row of chainRows(db)) {
    if (!out.write(row.line + '\n')) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    records += 1;
    last = { seq: row.seq, hash: hashLine(row.line) };
  }
  out.end();
  await finished(out);
  await rename(tmp, file);
  await writeFile(headFileOf(file), JSON.stringify(last) + '\n', { mode: 0o600 });
  return { records, lastSeq: last.seq };
}
