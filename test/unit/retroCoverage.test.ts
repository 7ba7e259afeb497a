import { strict as assert } from 'node:assert';
import { Coverage } from '../../src/core/model/retro/coverage';
import { intersect, union, type Interval } from '../../src/core/model/retro/intervals';
import { SeededRandom } from './seededRandom';

/** A union of up to `count` intervals on a small grid, so ends often meet and overlap; some open-ended. */
function randomUnion(random: SeededRandom, count: number): Interval[] {
  return union(
    Array.from({ length: random.int(count + 1) }, (): Interval => {
      const start = random.int(10) === 0 ? -Infinity : random.int(100);
      const end = random.int(10) === 0 ? Infinity : start + 1 + random.int(30);
      return [start, Number.isFinite(start) ? end : random.int(100)];
    }),
  );
}

/** What the breadth-first score used to compute: the union of every other bug's intervals, intersected. */
function coveredByOthersSlowly(unions: readonly Interval[][], within: readonly Interval[], own: number): Interval[] {
  return intersect(within, union(unions.filter((_, i) => i !== own).flat()));
}

describe('retro coverage: when some other bug was waiting below (the breadth-first score)', () => {
  it('equals intersecting with the union of the other bugs, on 2,000 random journals', () => {
    const random = new SeededRandom(20261127);
    for (let round = 0; round < 2000; round++) {
      const unions = Array.from({ length: 1 + random.int(6) }, () => randomUnion(random, 4));
      const coverage = new Coverage(unions);
      const within = randomUnion(random, 3).filter(([start, end]) => Number.isFinite(start) && Number.isFinite(end));
      const own = random.int(unions.length + 1);
      const expected = coveredByOthersSlowly(unions, within, own);
      assert.deepEqual(coverage.coveredByOthers(within, unions[own] ?? []), expected, `round ${round}: ${JSON.stringify({ unions, within, own })}`);
    }
  });

  it('counts overlapping bugs once each: covered by others only where another bug is', () => {
    const mine: Interval[] = [[0, 10]];
    const other: Interval[] = [[5, 20]];
    const coverage = new Coverage([mine, other]);
    assert.deepEqual(coverage.coveredByOthers([[0, 30]], mine), [[5, 20]]);
    assert.deepEqual(coverage.coveredByOthers([[0, 30]], other), [[0, 10]]);
    assert.deepEqual(coverage.coveredByOthers([[0, 30]], []), [[0, 20]], 'a bug not in the coverage sees everyone');
    assert.deepEqual(new Coverage([]).coveredByOthers([[0, 30]], []), []);
  });
});
