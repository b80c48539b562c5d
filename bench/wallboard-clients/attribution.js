'use strict';
// Which change each wallboard push shows, and so when each client first saw each change (see wallboard-clients.js).

/**
 * The (loggedOut, ready, notReady) counts after each position of the cycle, as "lo,r,nr" keys: K agents, one change
 * each, log in (ready) then not-ready then log out; `base` is the wallboard's agents before the first change (every
 * one of the K logged out). All 3K keys differ, so a push's counts name one position.
 */
function cyclePositions(K, base) {
  const others = base.loggedOut - K;
  const positions = [];
  for (let i = 0; i < K; i++) {
    positions.push([`${others + K - i - 1},${base.ready + i + 1},${base.notReady}`, i]);
    positions.push([`${others},${base.ready + K - i - 1},${base.notReady + i + 1}`, K + i]);
    positions.push([`${others + i + 1},${base.ready},${base.notReady + K - i - 1}`, 2 * K + i]);
  }
  return positions;
}

/**
 * One client's pushes, in the order received, as a flat [receivedMs, position, ...] (position -1: counts of no
 * position). A push shows the latest change issued before it was received that has its position (the position comes
 * round again only a cycle later); showing change j shows every change before it. Returns, per change, the receipt of
 * the first push that showed it (NaN if none did) and counts of the pushes that showed nothing new.
 */
function firstShown(flat, issued, cycle) {
  const seen = new Float64Array(issued.length).fill(NaN);
  let shown = -1, issuedIndex = -1, unmapped = 0, stale = 0;
  for (let k = 0; k < flat.length; k += 2) {
    const at = flat[k], p = flat[k + 1];
    if (p < 0) { unmapped++; continue; }
    while (issuedIndex + 1 < issued.length && issued[issuedIndex + 1] <= at) issuedIndex++;
    if (issuedIndex < p) { stale++; continue; } // no change of that position issued yet: a state from before the window
    const j = issuedIndex - ((((issuedIndex - p) % cycle) + cycle) % cycle);
    if (j <= shown) { stale++; continue; }
    for (let c = shown + 1; c <= j; c++) seen[c] = at;
    shown = j;
  }
  return { seen, unmapped, stale };
}

module.exports = { cyclePositions, firstShown };
