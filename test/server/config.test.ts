import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { envName, loadConfig } from '../../server/config.ts';
import { AppError } from '../../server/errors/app-error.ts';
import { testDir } from '../helpers/temp-dir.ts';

const configError = (pattern: RegExp) => (e: unknown) =>
  e instanceof AppError && e.code === 'CONFIG' && pattern.test(e.message);

test('defaults: development mode on 127.0.0.1:8080 with the embedded terminology', () => {
  const config = loadConfig({});
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.port, 8080);
  assert.equal(config.mode, 'development');
  assert.equal(config.terminology, undefined);
});

test('environment variables map to keys: CHARTSIDE_DEID_SECRET is deidSecret', () => {
  assert.equal(envName('deidSecret'), 'CHARTSIDE_DEID_SECRET');
  assert.equal(loadConfig({ CHARTSIDE_PORT: '0' }).port, 0);
});

test('an invalid value stops start-up with a message naming the variable', () => {
  assert.throws(() => loadConfig({ CHARTSIDE_PORT: 'eighty' }), configError(/CHARTSIDE_PORT/));
  assert.throws(() => loadConfig({ CHARTSIDE_LOG_LEVEL: 'loud' }), configError(/CHARTSIDE_LOG_LEVEL/));
});

test('production mode has no default secret', () => {
  assert.throws(
    () => loadConfig({ CHARTSIDE_MODE: 'production' }),
    configError(/CHARTSIDE_DEID_SECRET is required in production/),
  );
  const ok = loadConfig({ CHARTSIDE_MODE: 'production', CHARTSIDE_DEID_SECRET: 'x'.repeat(32) });
  assert.equal(ok.mode, 'production');
});

test('a config file supplies values, the environment overrides them, unknown keys are refused', () => {
  const dir = testDir('chartside-config-');
  const file = join(dir, 'chartside.json');
  writeFileSync(file, JSON.stringify({ port: 9090, host: '0.0.0.0' }));
  assert.equal(loadConfig({ CHARTSIDE_CONFIG: file }).port, 9090);
  assert.equal(loadConfig({ CHARTSIDE_CONFIG: file, CHARTSIDE_PORT: '7070' }).port, 7070);
  writeFileSync(file, JSON.stringify({ prot: 9090 }));
  assert.throws(() => loadConfig({ CHARTSIDE_CONFIG: file }), configError(/unknown key "prot"/));
  writeFileSync(file, '{not json');
  assert.throws(() => loadConfig({ CHARTSIDE_CONFIG: file }), configError(/not valid JSON/));
  writeFileSync(file, JSON.stringify({ port: 'x' }));
  assert.throws(() => loadConfig({ CHARTSIDE_CONFIG: file }), configError(/port \(config file\)/));
});
