import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '../errors/app-error.ts';
import { sha256File } from '../files/sha256-file.ts';

/** What Chartside records about a model (or adapter) file before handing it to llama.cpp. */
export interface ModelFileInfo {
  fileName: string;
  bytes: number;
  ggufVersion: number;
  sha256: string;
}

const GGUF_MAGIC = Buffer.from('GGUF', 'ascii');

/**
 * Checks that `path` is a GGUF file (magic bytes and version, GGUF spec §"File Structure") before llama.cpp
 * sees it, then hashes it. `what` names the setting in messages ("model", "LoRA adapter"); the message names
 * the file's base name only.
 */
export async function inspectModelFile(path: string, what: string, expectedSha256?: string): Promise<ModelFileInfo> {
  const fileName = basename(path);
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (cause) {
    throw new AppError('CONFIG', `${what} file ${fileName} cannot be opened`, { cause });
  }
  let bytes: number;
  let ggufVersion: number;
  try {
    bytes = (await handle.stat()).size;
    const header = Buffer.alloc(8);
    const { bytesRead } = await handle.read(header, 0, 8, 0);
    if (bytesRead < 8 || !header.subarray(0, 4).equals(GGUF_MAGIC)) {
      throw new AppError('CONFIG', `${what} file ${fileName} is not a GGUF file (bad magic bytes)`);
    }
    ggufVersion = header.readUInt32LE(4);
    if (ggufVersion < 2 || ggufVersion > 3) {
      throw new AppError('CONFIG', `${what} file ${fileName} has unsupported GGUF version ${ggufVersion}`);
    }
  } finally {
    await handle.close();
  }
  const sha256 = await sha256File(path);
  if (expectedSha256 !== undefined && expectedSha256.toLowerCase() !== sha256) {
    throw new AppError('CONFIG', `${what} file ${fileName} does not match its configured SHA-256`);
  }
  return { fileName, bytes, ggufVersion, sha256 };
}

/** `<file name>@sha256:<first 12 hex>`: short, stable, and enough to tell two builds of a model apart. */
export function describeModelFile(info: ModelFileInfo): string {
  return `${info.fileName}@sha256:${info.sha256.slice(0, 12)}`;
}
