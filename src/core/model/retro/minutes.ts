/**
 * Whole minutes for the retro's summary table, rounded once from the seconds so that the table
 * adds up: every row total is the sum of its cells, every column total the sum of its column,
 * and the grand total the sum of either. (Rounding each number down on its own does not add up:
 * 3 min 40 s + 2 min 40 s + 40 s is 7 min, but 3 + 2 + 0 min shows 5.)
 *
 * This is *controlled rounding*: each cell, each row and column total, and the grand total is its
 * exact value in minutes rounded down or up, never further off than that; the grand total is
 * always rounded down, so it is the same text formatDuration() shows for those seconds anywhere.
 * Among the roundings that do this, cells with the larger leftover seconds are the ones rounded
 * up, as far as a local search finds (the best one is a min-cost flow, too slow for 10,000 bugs).
 *
 * Such a rounding always exists: the exact fractions are a feasible flow of the network
 * source -> row -> column -> sink with each row's and column's units between the floor and the
 * ceiling of its exact leftover, and a network with integral bounds has an integral flow of any
 * value in its range, including the floor of the total. The flow here is found with Dinic's
 * algorithm on the standard reduction of lower bounds.
 */

/** The rounded table: cells[row][column], their row and column sums, and the grand total. */
export interface ShownMinutes {
  readonly cells: number[][];
  readonly rows: number[];
  readonly columns: number[];
  readonly total: number;
}

/**
 * Whole minutes for a table of seconds (rows of equal length, whole non-negative seconds).
 * Sums are exact by construction; see the module comment for how each number is rounded.
 */
export function shownMinutes(seconds: readonly (readonly number[])[]): ShownMinutes {
  const m = seconds[0]?.length ?? 0;
  const base: number[][] = seconds.map((row) => row.map((s) => Math.floor(whole(s) / 60)));
  const rem: number[][] = seconds.map((row) => row.map((s) => whole(s) % 60));
  const units = roundUp(rem, m) ?? rem.map((row) => row.map(() => 0));
  const cells = base.map((row, i) => row.map((minutes, j) => minutes + (units[i]?.[j] ?? 0)));
  const rows = cells.map((row) => row.reduce((sum, x) => sum + x, 0));
  const columns = Array.from({ length: m }, (_, j) => cells.reduce((sum, row) => sum + (row[j] ?? 0), 0));
  return { cells, rows, columns, total: rows.reduce((sum, x) => sum + x, 0) };
}

function whole(s: number): number {
  return Number.isFinite(s) && s > 0 ? Math.round(s) : 0;
}

/** Which cells round up (1) or down (0); undefined if no flow was found (never, by the argument above). */
function roundUp(rem: readonly (readonly number[])[], m: number): number[][] | undefined {
  const n = rem.length;
  const rowRem = rem.map((row) => row.reduce((sum, x) => sum + x, 0));
  const colRem = Array.from({ length: m }, (_, j) => rem.reduce((sum, row) => sum + (row[j] ?? 0), 0));
  const units = Math.floor(rowRem.reduce((sum, x) => sum + x, 0) / 60);
  const rowLo = rowRem.map((r) => Math.floor(r / 60));
  const rowHi = rowRem.map((r) => Math.ceil(r / 60));
  const colLo = colRem.map((c) => Math.floor(c / 60));
  const colHi = colRem.map((c) => Math.ceil(c / 60));
  const up: number[][] = rem.map((row) => row.map(() => 0));
  if (units === 0) return up;

  // Nodes: 0 super source, 1 super sink, 2 source, 3 sink, rows, then columns.
  const flow = new Flow(4 + n + m);
  const row = (i: number): number => 4 + i;
  const col = (j: number): number => 4 + n + j;
  const cellEdges: Array<Array<number | undefined>> = rem.map(() => []);
  const bounded = (from: number, to: number, lo: number, hi: number): void => {
    flow.add(from, to, hi - lo);
    flow.demand(from, to, lo);
  };
  // Rows with the larger leftovers first, and each row's larger leftovers first: the search
  // tries them first, so they tend to be the ones rounded up.
  const rowOrder = [...rem.keys()].sort((a, b) => ((rowRem[b] ?? 0) % 60) - ((rowRem[a] ?? 0) % 60) || a - b);
  for (const i of rowOrder) {
    bounded(2, row(i), rowLo[i] ?? 0, rowHi[i] ?? 0);
    const r = rem[i] ?? [];
    const order = [...r.keys()].sort((a, b) => (r[b] ?? 0) - (r[a] ?? 0) || a - b);
    for (const j of order) if ((r[j] ?? 0) > 0) (cellEdges[i] as Array<number | undefined>)[j] = flow.add(row(i), col(j), 1);
  }
  for (let j = 0; j < m; j++) bounded(col(j), 3, colLo[j] ?? 0, colHi[j] ?? 0);
  bounded(3, 2, units, units);
  if (!flow.feasible(0, 1)) return undefined;
  cellEdges.forEach((edges, i) =>
    edges.forEach((edge, j) => {
      if (edge !== undefined) (up[i] as number[])[j] = flow.used(edge);
    }),
  );
  improve(up, rem, { rowLo, rowHi, colLo, colHi });
  return up;
}

interface Bounds {
  readonly rowLo: readonly number[];
  readonly rowHi: readonly number[];
  readonly colLo: readonly number[];
  readonly colHi: readonly number[];
}

/**
 * Local search towards rounding up the cells with the most leftover seconds, keeping every bound:
 * a unit moves to another row in its column, to another column in its row, or two rows trade
 * columns (which keeps every sum). Each move raises the leftover seconds rounded up, so it ends.
 */
function improve(up: number[][], rem: readonly (readonly number[])[], bounds: Bounds): void {
  const n = up.length;
  const m = up[0]?.length ?? 0;
  const at = (i: number, j: number): number => up[i]?.[j] ?? 0;
  const left = (i: number, j: number): number => rem[i]?.[j] ?? 0;
  const set = (i: number, j: number, value: number): void => {
    (up[i] as number[])[j] = value;
  };
  const rowSum = up.map((r) => r.reduce((sum, x) => sum + x, 0));
  const colSum = Array.from({ length: m }, (_, j) => up.reduce((sum, r) => sum + (r[j] ?? 0), 0));
  const byGain = (a: { gain: number; i: number }, b: { gain: number; i: number }): number => b.gain - a.gain || a.i - b.i;
  for (let round = 0; round < 20; round++) {
    let moved = false;
    // Within a column: from a row that may lose a unit to one that may gain one.
    for (let j = 0; j < m; j++) {
      const givers: Array<{ i: number; gain: number }> = [];
      const takers: Array<{ i: number; gain: number }> = [];
      for (let i = 0; i < n; i++) {
        if (at(i, j) === 1 && (rowSum[i] ?? 0) > (bounds.rowLo[i] ?? 0)) givers.push({ i, gain: -left(i, j) });
        else if (at(i, j) === 0 && left(i, j) > 0 && (rowSum[i] ?? 0) < (bounds.rowHi[i] ?? 0)) takers.push({ i, gain: left(i, j) });
      }
      givers.sort(byGain);
      takers.sort(byGain);
      for (let k = 0; k < Math.min(givers.length, takers.length); k++) {
        const giver = givers[k] as { i: number; gain: number };
        const taker = takers[k] as { i: number; gain: number };
        if (giver.gain + taker.gain <= 0) break;
        set(giver.i, j, 0);
        set(taker.i, j, 1);
        rowSum[giver.i] = (rowSum[giver.i] ?? 0) - 1;
        rowSum[taker.i] = (rowSum[taker.i] ?? 0) + 1;
        moved = true;
      }
    }
    for (let j = 0; j < m; j++) {
      for (let k = 0; k < m; k++) {
        if (j === k) continue;
        // From a row and column that may lose a unit to another row and column that may gain one.
        if ((colSum[j] ?? 0) > (bounds.colLo[j] ?? 0) && (colSum[k] ?? 0) < (bounds.colHi[k] ?? 0)) {
          let giver = -1;
          let taker = -1;
          for (let i = 0; i < n; i++) {
            if (at(i, j) === 1 && (rowSum[i] ?? 0) > (bounds.rowLo[i] ?? 0) && (giver < 0 || left(i, j) < left(giver, j))) giver = i;
          }
          for (let i = 0; i < n; i++) {
            if (i === giver || at(i, k) === 1 || left(i, k) === 0 || (rowSum[i] ?? 0) >= (bounds.rowHi[i] ?? 0)) continue;
            if (taker < 0 || left(i, k) > left(taker, k)) taker = i;
          }
          if (giver >= 0 && taker >= 0 && left(taker, k) > left(giver, j)) {
            set(giver, j, 0);
            set(taker, k, 1);
            rowSum[giver] = (rowSum[giver] ?? 0) - 1;
            rowSum[taker] = (rowSum[taker] ?? 0) + 1;
            colSum[j] = (colSum[j] ?? 0) - 1;
            colSum[k] = (colSum[k] ?? 0) + 1;
            moved = true;
          }
        }
        // Within a row: from column j to column k, while both columns stay in their bounds.
        for (let i = 0; i < n; i++) {
          if ((colSum[j] ?? 0) <= (bounds.colLo[j] ?? 0) || (colSum[k] ?? 0) >= (bounds.colHi[k] ?? 0)) break;
          if (at(i, j) === 1 && at(i, k) === 0 && left(i, k) > left(i, j)) {
            set(i, j, 0);
            set(i, k, 1);
            colSum[j] = (colSum[j] ?? 0) - 1;
            colSum[k] = (colSum[k] ?? 0) + 1;
            moved = true;
          }
        }
        // Two rows trade: one moves a unit from j to k, the other from k to j; every sum stays.
        if (j > k) continue;
        const forward: Array<{ i: number; gain: number }> = [];
        const backward: Array<{ i: number; gain: number }> = [];
        for (let i = 0; i < n; i++) {
          if (at(i, j) === 1 && at(i, k) === 0 && left(i, k) > 0) forward.push({ i, gain: left(i, k) - left(i, j) });
          else if (at(i, k) === 1 && at(i, j) === 0 && left(i, j) > 0) backward.push({ i, gain: left(i, j) - left(i, k) });
        }
        forward.sort(byGain);
        backward.sort(byGain);
        for (let t = 0; t < Math.min(forward.length, backward.length); t++) {
          const a = forward[t] as { i: number; gain: number };
          const b = backward[t] as { i: number; gain: number };
          if (a.gain + b.gain <= 0) break;
          set(a.i, j, 0);
          set(a.i, k, 1);
          set(b.i, k, 0);
          set(b.i, j, 1);
          moved = true;
        }
      }
    }
    if (!moved) return;
  }
}

/** A max-flow network (Dinic) with lower bounds folded into node demands. */
class Flow {
  private readonly to: number[] = [];
  private readonly cap: number[] = [];
  private readonly initial: number[] = [];
  private readonly next: number[] = [];
  private readonly head: number[];
  private readonly excess: number[];
  private level: number[] = [];
  private cursor: number[] = [];

  constructor(private readonly size: number) {
    this.head = new Array<number>(size).fill(-1);
    this.excess = new Array<number>(size).fill(0);
  }

  /** An edge of capacity `capacity`; returns its index. */
  add(from: number, to: number, capacity: number): number {
    const index = this.to.length;
    this.link(from, to, capacity);
    this.link(to, from, 0);
    return index;
  }

  /** `amount` units must flow from `from` to `to` (a lower bound). */
  demand(from: number, to: number, amount: number): void {
    this.excess[to] = (this.excess[to] ?? 0) + amount;
    this.excess[from] = (this.excess[from] ?? 0) - amount;
  }

  /** Units sent through edge `index`. */
  used(index: number): number {
    return (this.initial[index] ?? 0) - (this.cap[index] ?? 0);
  }

  /** Whether every lower bound can be met, routing the demands through `source` and `sink`. */
  feasible(source: number, sink: number): boolean {
    let needed = 0;
    for (let v = 0; v < this.size; v++) {
      const e = this.excess[v] ?? 0;
      if (e > 0) {
        this.add(source, v, e);
        needed += e;
      } else if (e < 0) this.add(v, sink, -e);
    }
    let sent = 0;
    while (this.levels(source, sink)) {
      this.cursor = [...this.head];
      for (let pushed = this.push(source, sink, Infinity); pushed > 0; pushed = this.push(source, sink, Infinity)) sent += pushed;
    }
    return sent === needed;
  }

  private link(from: number, to: number, capacity: number): void {
    this.to.push(to);
    this.cap.push(capacity);
    this.initial.push(capacity);
    this.next.push(this.head[from] ?? -1);
    this.head[from] = this.to.length - 1;
  }

  private levels(source: number, sink: number): boolean {
    this.level = new Array<number>(this.size).fill(-1);
    this.level[source] = 0;
    const queue = [source];
    for (let q = 0; q < queue.length; q++) {
      const v = queue[q] as number;
      for (let e = this.head[v] ?? -1; e >= 0; e = this.next[e] ?? -1) {
        const w = this.to[e] as number;
        if ((this.cap[e] ?? 0) > 0 && this.level[w] === -1) {
          this.level[w] = (this.level[v] ?? 0) + 1;
          queue.push(w);
        }
      }
    }
    return this.level[sink] !== -1;
  }

  private push(v: number, sink: number, limit: number): number {
    if (v === sink) return limit;
    for (let e = this.cursor[v] ?? -1; e >= 0; e = this.next[e] ?? -1, this.cursor[v] = e) {
      const w = this.to[e] as number;
      const capacity = this.cap[e] ?? 0;
      if (capacity <= 0 || this.level[w] !== (this.level[v] ?? 0) + 1) continue;
      const pushed = this.push(w, sink, Math.min(limit, capacity));
      if (pushed > 0) {
        this.cap[e] = capacity - pushed;
        this.cap[e ^ 1] = (this.cap[e ^ 1] ?? 0) + pushed;
        return pushed;
      }
    }
    return 0;
  }
}
