import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { defaultValidationDelayMs, toAnalysisOptions, toValidationDelay } from '../../../server/src/settings';

test('daemonset.validation.delayMs: 0 to 5,000 ms, anything else reads as the default', () => {
  assert.equal(defaultValidationDelayMs, 200);
  assert.equal(toValidationDelay(undefined), 200);
  assert.equal(toValidationDelay({}), 200);
  assert.equal(toValidationDelay({ validation: { delayMs: 0 } }), 0);
  assert.equal(toValidationDelay({ validation: { delayMs: 50.4 } }), 50);
  assert.equal(toValidationDelay({ validation: { delayMs: 60_000 } }), 5000);
  assert.equal(toValidationDelay({ validation: { delayMs: -1 } }), 200);
  assert.equal(toValidationDelay({ validation: { delayMs: Number.NaN } }), 200);
  assert.equal(toValidationDelay({ validation: { delayMs: '10' as unknown as number } }), 200);
});

test('daemonset.limits.*: positive numbers, capped; anything else reads as the default', () => {
  const defaults = toAnalysisOptions(undefined).limits;
  const set = toAnalysisOptions({ limits: { maxFileSizeMB: 1, maxDocuments: 10, maxAliasCount: 0, maxNestingDepth: 5000 } }).limits;
  assert.equal(set.maxFileSize, 1024 * 1024);
  assert.equal(set.maxDocuments, 10);
  assert.equal(set.maxAliasCount, defaults.maxAliasCount);
  assert.equal(set.maxNestingDepth, 1000);
});
