import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { GgmlType, readGgufFileInfo } from 'node-llama-cpp';
import { buildTinyGguf, writeTinyGguf } from '../../fixtures/models/write-tiny-gguf.ts';
import { tempDir } from './tiny-model.ts';

test('the tiny GGUF starts with the GGUF v3 header: magic, version, tensor count', async (t) => {
  const info = await writeTinyGguf(join(await tempDir(t), 'm.gguf'), { seed: 1 });
  const bytes = await readFile(info.path);
  assert.equal(bytes.subarray(0, 4).toString('ascii'), 'GGUF');
  assert.equal(bytes.readUInt32LE(4), 3);
  assert.equal(Number(bytes.readBigUInt64LE(8)), info.tensorCount);
  assert.equal(info.bytes, bytes.length);
});

test('the same seed writes the same bytes and another seed other weights', () => {
  const a = buildTinyGguf({ seed: 5 }).bytes;
  assert.ok(a.equals(buildTinyGguf({ seed: 5 }).bytes));
  assert.ok(!a.equals(buildTinyGguf({ seed: 6 }).bytes));
});

test("node-llama-cpp's GGUF reader reports the tiny model's metadata and tensors", async (t) => {
  const info = await writeTinyGguf(join(await tempDir(t), 'm.gguf'), { seed: 1 });
  const gguf = await readGgufFileInfo(info.path, { logWarnings: false });
  assert.equal(gguf.version, 3);
  assert.equal(gguf.metadata.general.architecture, 'llama');
  assert.equal(gguf.metadata.general.name, 'chartside-tiny-random');
  assert.equal(gguf.metadata.general.alignment, 32);
  const llama = gguf.architectureMetadata as Record<string, unknown>;
  assert.equal(llama.embedding_length, 64);
  assert.equal(llama.block_count, 2);
  assert.equal(llama.context_length, 8192);
  assert.equal(gguf.metadata.tokenizer.ggml.model, 'llama');
  assert.equal(gguf.metadata.tokenizer.ggml.tokens.length, info.vocabularySize);
  assert.equal(gguf.metadata.tokenizer.ggml.tokens[6], '<0x00>');
  assert.equal(gguf.tensorInfo?.length, info.tensorCount);
  assert.ok(gguf.tensorInfo?.every((x) => Number(x.offset) % 32 === 0 && x.ggmlType === GgmlType.F32));
  assert.deepEqual(gguf.tensorInfo?.find((x) => x.name === 'token_embd.weight')?.dimensions, [64, info.vocabularySize]);
});
