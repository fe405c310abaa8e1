import { GgufFileType, readGgufFileInfo } from 'node-llama-cpp';
import { AppError } from '../errors/app-error.ts';

/** What the registry records from a GGUF file's own metadata (GGUF spec §"Standardized key-value pairs"). */
export interface GgufSummary {
  /** `general.architecture` (llama, qwen2, gemma3…). */
  architecture: string;
  /** `general.name`, when the file has one. */
  modelName?: string;
  /** Weights: the sum of every tensor's element count. */
  parameters: number;
  /** `general.file_type` as llama.cpp names it (`MOSTLY_Q4_K_M`, `ALL_F32`…), or `unknown`. */
  quantization: string;
  /** `<architecture>.context_length`: the context the model was trained for. */
  contextLength: number | null;
  /** Whether `tokenizer.chat_template` is present (without one, chat prompting falls back to a generic format). */
  chatTemplate: boolean;
}

/**
 * Reads a GGUF file's metadata and tensor table (only the header part of the file, from the local file system;
 * the large tokenizer arrays are skipped). The file must already have passed the magic-byte check.
 */
export async function readGgufSummary(path: string, fileName: string): Promise<GgufSummary> {
  let info;
  try {
    info = await readGgufFileInfo(path, {
      sourceType: 'filesystem',
      logWarnings: false,
      ignoreKeys: [
        'tokenizer.ggml.tokens',
        'tokenizer.ggml.scores',
        'tokenizer.ggml.token_type',
        'tokenizer.ggml.merges',
      ],
    });
  } catch (cause) {
    throw new AppError('INVALID_INPUT', `model file ${fileName} has unreadable GGUF metadata`, { cause });
  }
  const general = info.metadata.general;
  const fileType = general.file_type;
  const quantization =
    fileType !== undefined && GgufFileType[fileType] !== undefined ? GgufFileType[fileType] : 'unknown';
  let parameters = 0;
  for (const tensor of info.fullTensorInfo ?? info.tensorInfo ?? []) {
    parameters += tensor.dimensions.reduce<number>((n, d) => n * Number(d), 1);
  }
  const contextLength = info.architectureMetadata.context_length;
  return {
    architecture: String(general.architecture),
    ...(typeof general.name === 'string' ? { modelName: general.name } : {}),
    parameters,
    quantization,
    contextLength: typeof contextLength === 'number' ? contextLength : null,
    chatTemplate: typeof info.metadata.tokenizer?.chat_template === 'string',
  };
}
