import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { createApp } from '../../server/app.ts';
import { listenHttp } from '../../server/http/http-server.ts';
import type { Config } from '../../server/config.ts';
import { MemoryFeedbackStore } from '../../server/feedback/feedback-store.ts';
import { createSuggestionRuntime } from '../../server/suggest/runtime.ts';
import { startEhrSimulator, type EhrSimulator } from '../../fixtures/ehr/simulator/start-ehr-simulator.ts';
import { buildSmartApp } from '../../smart-app/build.ts';
import { captureLogger, testConfig } from './app.ts';

/** Chartside and the EHR simulator on loopback, wired to each other, with the SMART app built. */
export interface SmartStack {
  chartsideUrl: string;
  simulator: EhrSimulator;
  feedback: MemoryFeedbackStore;
  logs: string[];
  close(): Promise<void>;
}

let built: Promise<void> | undefined;

export async function startSmartStack(
  overrides: Partial<Config> = {},
  ehr: { accessTokenLifetimeS?: number } = {},
): Promise<SmartStack> {
  built ??= buildSmartApp({ minify: false });
  await built;
  const simulator = await startEhrSimulator({ shared: false, ...ehr });
  const { logger, lines } = captureLogger();
  const config = testConfig({ fhirServers: [simulator.fhirBase], ...overrides });
  const runtime = await createSuggestionRuntime(config, logger);
  const feedback = new MemoryFeedbackStore();
  const app = createApp({
    config,
    logger,
    terminology: runtime.terminology,
    pipeline: runtime.pipeline,
    cds: { feedback, clients: [simulator.cdsClientEntry()] },
  });
  const server = await listenHttp(app, logger, 0, '127.0.0.1');
  const chartsideUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  simulator.setChartsideUrl(chartsideUrl);
  return {
    chartsideUrl,
    simulator,
    feedback,
    logs: lines,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await simulator.close();
      await runtime.close();
    },
  };
}

/** Debian's chromium, headless (CI installs it with apt). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** An EHR launch URL for a patient, as the simulator's launcher makes one. */
export async function ehrLaunchUrl(
  simulator: EhrSimulator,
  patient: string,
  options: { encounter?: string; banner?: boolean; style?: boolean } = {},
): Promise<string> {
  const response = await fetch(`${simulator.url}/launcher/launch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ patient, ...options }),
  });
  return ((await response.json()) as { url: string }).url;
}
