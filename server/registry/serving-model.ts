import { versionLabel, type ModelVersion, type RegistryFile } from './registry-schema.ts';
import type { RegistryStore } from './registry-store.ts';

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

/** What a server loads to serve a registered version. */
export function servingVersion(model: ModelVersion): ServingModel {
  return {
    name: model.name,
    version: model.version,
    label: versionLabel(model),
    path: model.gguf.path,
    sha256: model.gguf.sha256,
    ...(model.lora ? { loraPath: model.lora.path, loraSha256: model.lora.sha256 } : {}),
  };
}

/** The promoted version of a registry as read, or `undefined` when nothing is promoted. */
export function servingModelOf(registry: RegistryFile): ServingModel | undefined {
  const promoted = registry.promoted;
  if (promoted === null) return undefined;
  const model = registry.models.find((v) => v.name === promoted.name && v.version === promoted.version);
  return model === undefined ? undefined : servingVersion(model);
}

/** Whether two resolutions name the same files (a version re-registered elsewhere is a change). */
export function sameServingModel(a: ServingModel | undefined, b: ServingModel | undefined): boolean {
  return a?.label === b?.label && a?.sha256 === b?.sha256 && a?.loraSha256 === b?.loraSha256;
}

/**
 * Resolves the promoted model of the registry (files or database), or `undefined` when nothing has been
 * promoted (or there is no registry). Rejects with `CORRUPT_DATA` when the registry is damaged: a server must
 * not guess which model to serve.
 */
export async function resolveServingModel(store: RegistryStore): Promise<ServingModel | undefined> {
  return servingModelOf(await store.read());
}
