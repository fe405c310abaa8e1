import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';
import type { CdsClient } from '../../cds-hooks/cds-clients.ts';
import type { SuggestFn } from '../../cds-hooks/suggest-fn.ts';
import { createCdsClient, type FixtureCdsClient, type SignOptions } from '../../fixtures/ehr/cds-client.ts';
import { createDeidentifier } from '../../server/deid/index.ts';
import { createSuggestionPipeline } from '../../server/suggest/pipeline.ts';
import { createRulesBackend } from '../../server/suggest/rules-backend.ts';
import { createLogger } from '../../server/log/logger.ts';
import { createApp } from '../../server/app.ts';
import { listenHttp } from '../../server/http/http-server.ts';
import { openAuditLog, type AuditLog } from '../../server/audit/audit-log.ts';
import type { Config } from '../../server/config.ts';
import { MemoryFeedbackStore } from '../../server/feedback/feedback-store.ts';
import { loadTerminology } from '../../terminology/icd10cm/load.ts';
import { captureLogger, testConfig } from '../helpers/app.ts';
import { testDir } from '../helpers/temp-dir.ts';

export const PUBLIC_URL = 'https://chartside.test';
export const EHR_ISS = 'https://ehr.test/cds';

export interface CdsTestServer {
  url: string;
  logs: string[];
  auditFile: string;
  audit: AuditLog;
  feedback: MemoryFeedbackStore;
  client: FixtureCdsClient;
  /** `Bearer <jwt>` from the fixture client for a call to `path`. */
  auth(path: string, options?: SignOptions): Promise<string>;
}

export interface CdsTestOptions {
  config?: Partial<Config>;
  /** Client entries; default: the fixture client with its JWK Set inline. */
  clients?: (client: FixtureCdsClient) => CdsClient[];
  client?: FixtureCdsClient;
  suggest?: SuggestFn;
  jwksCooldownMs?: number;
}

let pipelineSuggest: SuggestFn | undefined;

/** The real suggestion pipeline (rules backend, embedded terminology), one per process, cache off. */
export async function simpleSuggest(): Promise<SuggestFn> {
  if (!pipelineSuggest) {
    const terminology = await loadTerminology();
    const rules = createRulesBackend(terminology);
    const pipeline = createSuggestionPipeline({
      terminology,
      deidentifier: createDeidentifier({ secret: 'cds-test-secret-0123456789abcdef0123' }),
      backend: rules,
      rulesVersion: rules.modelVersion,
      logger: createLogger({ level: 'silent' }),
      cacheTtlMs: 0,
    });
    pipelineSuggest = (input, options) => pipeline.suggest(input, options);
  }
  return pipelineSuggest;
}

/** The real app, with the fixture EHR as its only CDS client, on 127.0.0.1:0; closed when the test ends. */
export async function startCdsServer(t: TestContext, options: CdsTestOptions = {}): Promise<CdsTestServer> {
  const { logger, lines } = captureLogger();
  const client = options.client ?? (await createCdsClient({ iss: EHR_ISS, tenant: 'tenant-a' }));
  const config = testConfig({ publicUrl: PUBLIC_URL, ...options.config });
  const terminology = await loadTerminology(config.terminology);
  const auditFile = join(testDir('chartside-cds-'), 'audit.ndjson');
  const audit = await openAuditLog(auditFile, { logger });
  const feedback = new MemoryFeedbackStore();
  const clients = options.clients ? options.clients(client) : [{ iss: client.iss, jwks: client.jwks() }];
  const app = createApp({
    config,
    logger,
    terminology,
    audit,
    cds: {
      feedback,
      suggest: options.suggest ?? (await simpleSuggest()),
      clients,
      ...(options.jwksCooldownMs !== undefined ? { jwksCooldownMs: options.jwksCooldownMs } : {}),
    },
  });
  const server = await listenHttp(app, logger, 0, '127.0.0.1');
  t.after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await audit.close();
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    logs: lines,
    auditFile,
    audit,
    feedback,
    client,
    auth: async (path, signOptions) => `Bearer ${await client.sign(`${PUBLIC_URL}${path}`, signOptions)}`,
  };
}
