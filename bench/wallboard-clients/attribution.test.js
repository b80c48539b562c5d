'use strict';
// node --test bench/wallboard-clients: the bench's matching of pushes to changes (run by scripts/test.sh).
const test = require('node:test');
const assert = require('node:assert/strict');
const { cyclePositions, firstShown } = require('./attribution');

const K = 3, cycle = 3 * K;
const base = { loggedOut: 10, ready: 0, notReady: 0 }; // 3 agents of the bench plus 7 others, all logged out
const positions = new Map(cyclePositions(K, base));
const key = (lo, r, nr) => positions.get(`${lo},${r},${nr}`) ?? -1;

test('every position of the cycle has its own agent counts', () => {
  assert.equal(positions.size, cycle);
  assert.deepEqual([...positions.values()].sort((a, b) => a - b), [...Array(cycle).keys()]);
  // After the first login: one ready; after the last logout: back to the start, which is position 3K-1.
  assert.equal(key(9, 1, 0), 0);
  assert.equal(key(7, 2, 1), K);         // first not-ready: every agent logged in
  assert.equal(key(7, 0, 3), 2 * K - 1); // last not-ready
  assert.equal(key(10, 0, 0), cycle - 1);
});

test('a push showing a later change also shows the changes it coalesced', () => {
  const issued = [100, 600, 1100];
  const { seen, stale } = firstShown([620, key(8, 2, 0), 1130, key(7, 3, 0)], issued, cycle);
  assert.deepEqual(Array.from(seen), [620, 620, 1130]);
  assert.equal(stale, 0);
});

test('the start state and pushes repeating a shown state are stale, not receipts', () => {
  const issued = [100, 600];
  const flat = [50, key(10, 0, 0), 120, key(9, 1, 0), 300, key(9, 1, 0), 610, key(8, 2, 0)];
  const { seen, stale } = firstShown(flat, issued, cycle);
  assert.deepEqual(Array.from(seen), [120, 610]);
  assert.equal(stale, 2);
});

test('a position is matched to the latest change issued before the push, not to an earlier cycle', () => {
  // Two whole cycles and one more change: the push after the last one shows position 0, i.e. change 2·cycle.
  const issued = Array.from({ length: 2 * cycle + 1 }, (_, j) => j * 100);
  const { seen } = firstShown([2 * cycle * 100 + 50, key(9, 1, 0)], issued, cycle);
  assert.equal(seen[2 * cycle], 2 * cycle * 100 + 50);
  assert.ok(seen.every((at) => at === 2 * cycle * 100 + 50), 'every earlier change is shown by that push too');
});

test('a change not issued when the push arrived is never credited to it', () => {
  // The login's intermediate state (agent logged in, not yet ready) equals no position, or one not yet issued.
  const issued = [100, 600, 1100];
  const { seen, unmapped, stale } = firstShown([105, key(9, 0, 1), 130, key(9, 1, 0), 400, key(7, 0, 3)], issued, cycle);
  assert.ok(Number.isNaN(seen[1]) && Number.isNaN(seen[2]));
  assert.equal(seen[0], 130);
  assert.equal(unmapped + stale, 2);
});
