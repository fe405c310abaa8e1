import type { RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FhirResource } from 'fhir/r4.d.ts';
import { chromium, type Browser } from 'playwright-core';
import { createApp } from '../../server/app.ts';
import { createHttpServer } from '../../server/http/http-server.ts';
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
  ehr: { accessTokenLifetimeS?: number; resources?: FhirResource[]; scopes?: string } = {},
): Promise<SmartStack> {
  built ??= buildSmartApp({ minify: false });
  await built;
  const { scopes, ...simulatorOptions } = ehr;
  const simulator = await startEhrSimulator({ shared: false, ...simulatorOptions });
  const { logger, lines } = captureLogger();
  // Listening first, so that Chartside knows its own URL (the audience of the CDS client's JWTs).
  const route: { app?: RequestListener } = {};
  const server = createHttpServer((req, res) => route.app?.(req, res), logger);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const chartsideUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = testConfig({
    fhirServers: [simulator.fhirBase],
    publicUrl: chartsideUrl,
    // The scopes Chartside asks this EHR for, as an IT team may narrow them (`smartEhrs`).
    ...(scopes !== undefined ? { smartEhrs: [{ iss: simulator.fhirBase, scopes }] } : {}),
    ...overrides,
  });
  const runtime = await createSuggestionRuntime(config, logger);
  const feedback = new MemoryFeedbackStore();
  route.app = createApp({
    config,
    logger,
    terminology: runtime.terminology,
    pipeline: runtime.pipeline,
    cds: { feedback, clients: [simulator.cdsClientEntry()] },
  });
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
