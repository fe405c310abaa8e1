import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LineWriter } from '../../server/datasets/jsonl-writer.ts';
import { AppError } from '../../server/errors/app-error.ts';
import { tempDir } from '../bulk/bulk-setup.ts';

test('lines go to their files with counts, in the mode asked for', async (t) => {
  const dir = tempDir(t);
  const writer = new LineWriter(dir, 0o600);
  await writer.write('a/x.jsonl', { n: 1 });
  await writer.writeLine('a/x.jsonl', '{"n":2}');
  await writer.write('y.jsonl', [1]);
  await writer.close();
  assert.equal(readFileSync(join(dir, 'a/x.jsonl'), 'utf8'), '{"n":1}\n{"n":2}\n');
  assert.deepEqual(
    [...writer.lines],
    [
      ['a/x.jsonl', 2],
      ['y.jsonl', 1],
    ],
  );
  assert.equal(statSync(join(dir, 'y.jsonl')).mode & 0o777, 0o600);
});

test('a full disk is a clear error, from the write or at the latest from close', async () => {
  // /dev/full answers every write with ENOSPC, as a full disk does.
  const writer = new LineWriter('/dev');
  const line = 'x'.repeat(64 * 1024);
  await assert.rejects(
    (async () => {
      for (let i = 0; i < 64; i++) await writer.writeLine('full', line);
      await writer.close();
    })(),
    (e: unknown) => {
      assert.ok(e instanceof AppError);
      assert.equal(e.message, 'cannot write the dataset: the disk is full');
      return true;
    },
  );
  await writer.close().catch(() => undefined);
});
