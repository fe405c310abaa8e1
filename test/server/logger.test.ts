import assert from 'node:assert/strict';
import { test } from 'node:test';
import { captureLogger } from '../helpers/app.ts';
import { toOperationOutcome } from '../../server/http/operation-outcome.ts';
import { AppError } from '../../server/errors/app-error.ts';

test('log lines keep allow-listed keys only: bodies, names and text are dropped', () => {
  const { logger, lines } = captureLogger();
  logger.info(
    {
      reqId: 'r-1',
      status: 200,
      body: { name: 'Zebulon Quackenbush' },
      text: 'MRN 99887766',
      err: new Error('Zebulon'),
    },
    'request',
  );
  const line = JSON.parse(lines[0] ?? '{}');
  assert.equal(line.reqId, 'r-1');
  assert.equal(line.status, 200);
  assert.equal(line.body, undefined);
  assert.equal(line.text, undefined);
  assert.ok(!(lines[0] ?? '').includes('Zebulon'));
});

test('an unexpected error becomes a generic 500 OperationOutcome that says nothing of its message', () => {
  const result = toOperationOutcome(new Error('patient Zebulon Quackenbush crashed the parser'));
  assert.equal(result.status, 500);
  assert.equal(result.unexpected, true);
  assert.ok(!JSON.stringify(result.outcome).includes('Zebulon'));
});

test('an AppError keeps its status, issue type and expression', () => {
  const result = toOperationOutcome(
    new AppError('TOO_LARGE', 'text is longer than 10 characters', { expression: ['body.text'] }),
  );
  assert.equal(result.status, 413);
  assert.equal(result.outcome.issue[0]?.code, 'too-long');
  assert.deepEqual(result.outcome.issue[0]?.expression, ['body.text']);
});
