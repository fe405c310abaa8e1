import { loadConfig, type Config } from './config.ts';
import { startServer } from './start.ts';
import { errorLine, exitCodeFor } from './cli/run-command.ts';
import { loadCdsClients, type CdsClient } from '../cds-hooks/cds-clients.ts';

/** The development EHR simulator, loaded only when used (its FHIR server is a development dependency). */
async function startDevSimulator(config: Config) {
  const { startEhrSimulator } = await import('../fixtures/ehr/simulator/start-ehr-simulator.ts');
  return startEhrSimulator({ host: '127.0.0.1', port: config.ehrSimulatorPort, clientId: config.smartClientId });
}

/** `npm start`: Chartside's server on the embedded defaults (or what the environment configures). */
try {
  let config = loadConfig();
  const simulator = config.mode === 'development' && config.ehrSimulator ? await startDevSimulator(config) : undefined;
  let cdsClients: CdsClient[] | undefined;
  if (simulator) {
    // Chartside trusts the simulator's FHIR server and its CDS client; nothing else changes.
    const ownUrl = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
    config = {
      ...config,
      fhirServers: [...config.fhirServers, simulator.fhirBase],
      publicUrl: config.publicUrl ?? (config.port !== 0 ? ownUrl : undefined),
    };
    cdsClients = [...(config.cdsClients ? loadCdsClients(config.cdsClients) : []), simulator.cdsClientEntry()];
  }
  const running = await startServer(config, undefined, cdsClients ? { cdsClients } : {});
  process.stdout.write(`Chartside listening on ${running.url}\n`);
  if (simulator) {
    simulator.setChartsideUrl(config.publicUrl ?? running.url);
    process.stdout.write(`EHR simulator (development only, synthetic patients): open ${simulator.launcherUrl}\n`);
  }
  const stop = (signal: NodeJS.Signals): void => {
    // Ctrl-C at a terminal stops at once; SIGTERM (the orchestrator) drains first.
    const drain = signal === 'SIGTERM';
    // Bounded: whatever happens, the process is gone a little after the drain and the in-flight limit.
    setTimeout(() => process.exit(1), (drain ? config.shutdownDrainMs : 0) + config.shutdownTimeoutMs + 5000).unref();
    void Promise.all([running.close({ drain }), simulator?.close()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  process.stderr.write(errorLine(error) + '\n');
  process.exit(exitCodeFor(error));
}
