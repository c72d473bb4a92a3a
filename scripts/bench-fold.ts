/**
 * The board fold and the view selector, measured: 100,000 random events folded from memory into a
 * 400-project board, and the view a server computes for every screen, warm. Prints each figure beside
 * its limit. Run with `npm run bench:fold`.
 */
import { performance } from 'node:perf_hooks';
import { envelopes, fold } from '../events/src/board/board-test-kit';
import { randomStream } from '../events/src/board/random-stream';
import { selectBoardView } from '../events/src/board/selectors';
import { initialBoard } from '../events/src/board/state';

const list = envelopes(randomStream(7, 100_000));
const runs = 5;
const folds: number[] = [];
let state = initialBoard();
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  state = fold(initialBoard(), list);
  folds.push(performance.now() - started);
}
const options = { year: 2026, today: '2026-08-15', asOf: 'now' };
for (let i = 0; i < 30; i++) selectBoardView(state, options);
const started = performance.now();
for (let i = 0; i < 50; i++) selectBoardView(state, options);
const selectMs = (performance.now() - started) / 50;
const median = [...folds].sort((a, b) => a - b)[Math.floor(runs / 2)];

console.log('| figure | measured | limit |');
console.log('|---|--:|--:|');
console.log(
  `| fold 100,000 events (median of ${runs}) | ${median.toFixed(0)} ms (${Math.round(100_000 / (median / 1000)).toLocaleString('en')} events/s) | 1,000 ms |`,
);
console.log(`| select the view of ${Object.keys(state.projects).length} projects (warm) | ${selectMs.toFixed(2)} ms | 25 ms |`);
