import type { Config } from '../config.ts';
import { versionLabel } from './registry-schema.ts';
import { RegistryStore } from './registry-store.ts';

/** The model the server may serve: the registry's promoted version. */
export interface ServingModel {
  name: string;
  version: number;
  /** `name@vN`, for `/readyz` and the stamp on suggestions and audit records. */
  label: string;
  /** Absolute path of the GGUF file. */
  path: string;
  loraPath?: string;
  /** SHA-256 (hex) the GGUF must hash to at load: pass it as the llama backend's `expectedSha256`. */
  sha256: string;
  loraSha256?: string;
}

/**
 * Resolves the promoted model of the registry in `config.registryDir`, or `undefined` when nothing has been
 * promoted (or there is no registry). Rejects with `CORRUPT_DATA` when registry.json is damaged: a server must
 * not guess which model to serve.
 */
export async function resolveServingModel(config: Pick<Config, 'registryDir'>): Promise<ServingModel | undefined> {
  const registry = await new RegistryStore(config.registryDir).read();
  const promoted = registry.promoted;
  if (promoted === null) return undefined;
  const model = registry.models.find((v) => v.name === promoted.name && v.version === promoted.version);
  if (model === undefined) return undefined;
  return {
    name: model.name,
    version: model.version,
    label: versionLabel(model),
    path: model.gguf.path,
    sha256: model.gguf.sha256,
    ...(model.lora ? { loraPath: model.lora.path, loraSha256: model.lora.sha256 } : {}),
  };
}
