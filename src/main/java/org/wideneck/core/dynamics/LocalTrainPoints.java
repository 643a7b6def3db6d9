package org.wideneck.core.dynamics;

import java.io.IOException;
import java.util.Arrays;
import org.wideneck.core.checkpoint.CorruptCheckpointException;
import org.wideneck.core.checkpoint.StateInput;
import org.wideneck.core.checkpoint.StateOutput;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.kernel.InputKernel;
import org.wideneck.core.linalg.Gemm;
import org.wideneck.core.linalg.Rows;
import org.wideneck.core.parallel.ArrayPool;
import org.wideneck.core.parallel.Grains;
import org.wideneck.core.parallel.Workers;

/**
 * The training points' state (g, or F for `inf`) in this process's own N×width array, the default
 * {@link TrainPoints}, with the two ways of applying a block of eq 42 update sources (SPEC §4)
 * <pre>
 *   s(ξ) ← s(ξ) − μ Σ_{src ∈ block} K(ξ, ξ_src) h_src
 * </pre>
 * <ul>
 *   <li><b>eager</b>: the block is applied to all N points when it is made (N × |block| kernel pairs);</li>
 *   <li><b>lazy</b>: the block is kept, and a point gets the blocks it lacks — in the order they were made,
 *       each the same product as the eager one — only when its state is read ({@link #rows}: a batch, an
 *       evaluation or feature subset; {@link #all}: every point), or when a block is made, for the rows
 *       the coming period's batches will draw (the {@code expected} rows of {@link #apply}). A point that is not read again before
 *       the run ends never pays for the blocks made after its last read; the run's first epoch costs half
 *       the eager pairs, a run of half an epoch about a quarter.</li>
 * </ul>
 * A run that is lazy from its first step also computes a point's initial state only when the point is
 * first read ({@link InitialStates}; a run of half an epoch computes g_0 at half the training points).
 * Which one a block gets is the caller's choice ({@link #setLazy}, made by the training loop's cost rule);
 * an eager block first brings every point up to date. The kernel of eq 42 is that of the inputs ξ, so a
 * refresh needs no intermediate state: the kept sources a group of points lacks are taken together, in
 * fixed chunks of {@link Grains#HISTORY_CHUNK} sources (one product for the dot products, the elementwise
 * kernel, one product for the update), chunks grouped {@link #GROUP_CHUNKS} to a task and the tasks'
 * parts added in source order. The sums are the eager ones; only their rounding order differs, fixed by
 * the batches and evaluations and never by the thread count, so results stay deterministic and
 * thread-independent.
 */
final class LocalTrainPoints implements TrainPoints {
    /**
     * History chunks of sources per task of a refresh (its partial update is added in source order). One: early in a
     * lazy run the kept sources fill only a few chunks, and with more to a task one of two threads waits
     * (performance doc, "Lazy refreshes").
     */
    static final int GROUP_CHUNKS = 1;
    private final Dataset train;
    private final double[] trainNorm;
    private final StateUpdate rule;
    /** Doubles of held state a point has (rule.stride()). */
    private final int width;
    private final Workers workers;
    private final double[] g;
    /**
     * The sources of the kept blocks, oldest first, contiguous: training index, |ξ|², h (width each) and
     * ξ gathered once (d0 each; the refreshes read them many times). Block k of the run (k ≥ base) ends
     * at source blockEnd[k − base].
     */
    private int[] keptIndex = new int[0];
    private int[] keptStep = new int[0];
    private double[] keptNorm = new double[0];
    private double[] keptH = new double[0];
    private double[] keptXi = new double[0];
    /** The refresh tasks' K blocks (up to {@link Grains#TARGET_RANGE} × {@link Grains#HISTORY_CHUNK} doubles, 16 MB), lent between refreshes. */
    private final ArrayPool scratch = new ArrayPool();
    private int keptSources;
    private int[] blockEnd = new int[0];
    /** The steps each kept block covers, [blockFrom, blockTo). */
    private int[] blockFrom = new int[0];
    private int[] blockTo = new int[0];
    private int keptBlocks;
    private int base;
    /** Per point, the number of blocks of the run applied to it (null while every point is current). */
    private int[] applied;
    /** The initial state of points not yet read (null when every point's state is in g). */
    private final InitialStates initial;
    /** Per point, whether its state is in g (null: all are). */
    private boolean[] born;
    /** Points whose state is not yet in g. */
    private int unborn;
    private boolean lazy;
    private long flops;

    /** @param g the held state (N×rule.stride()), kept and modified */
    LocalTrainPoints(Dataset train, double[] trainNorm, double[] g, StateUpdate rule, Workers workers) {
        this(train, trainNorm, g, null, rule, workers);
    }

    /**
     * The training points with their initial state computed when each is first read.
     *
     * @param initial the initial state of given points
     */
    LocalTrainPoints(Dataset train, double[] trainNorm, InitialStates initial, StateUpdate rule, Workers workers) {
        this(train, trainNorm, new double[train.size() * rule.stride()], initial, rule, workers);
        this.born = new boolean[train.size()];
        this.unborn = train.size();
    }

    private LocalTrainPoints(Dataset train, double[] trainNorm, double[] g, InitialStates initial, StateUpdate rule, Workers workers) {
        this.initial = initial;
        this.train = train;
        this.trainNorm = trainNorm;
        this.g = g;
        this.rule = rule;
        this.width = rule.stride();
        this.workers = workers;
    }

    /** Whether blocks applied from now on are kept (lazy) or applied to every point (eager). */
    void setLazy(boolean lazy) {
        this.lazy = lazy;
    }

    boolean lazy() {
        return lazy;
    }

    @Override
    public double[] rows(int[] rows) {
        refresh(rows);
        return Rows.gather(g, width, rows);
    }

    @Override
    public long apply(UpdateSources u, int[] expected) {
        if (u.count() == 0) return 0;
        if (lazy) {
            if (applied == null) {
                applied = new int[train.size()];
                Arrays.fill(applied, base);
            }
            keep(u.index(), u.norm(), u.h(), u.step(), u.count(), u.from(), u.to());
            dropAppliedBlocks();
            // the rows the coming period draws, refreshed together: each kept source's ξ serves a few
            // hundred rows per pass instead of one batch's (the products are bound by memory otherwise)
            if (expected != null) refresh(expected);
            return 0;
        }
        long f = refreshAll();
        f += u.apply(g, new Points(train.x(), trainNorm, train.size(), train.d0()), train.x(), rule, workers);
        base++;
        return f;
    }

    /** Appends one block of count sources, made over the steps [from, to), to the kept ones. */
    private void keep(int[] index, double[] norm, double[] h, int[] step, int count, int from, int to) {
        int d0 = train.d0(), hw = rule.width(), need = keptSources + count;
        if (need > keptIndex.length) {
            int cap = Math.max(need, 2 * keptIndex.length);
            keptIndex = Arrays.copyOf(keptIndex, cap);
            keptStep = Arrays.copyOf(keptStep, cap);
            keptNorm = Arrays.copyOf(keptNorm, cap);
            keptH = Arrays.copyOf(keptH, cap * hw);
            keptXi = Arrays.copyOf(keptXi, cap * d0);
        }
        System.arraycopy(index, 0, keptIndex, keptSources, count);
        System.arraycopy(step, 0, keptStep, keptSources, count);
        System.arraycopy(norm, 0, keptNorm, keptSources, count);
        System.arraycopy(h, 0, keptH, keptSources * hw, count * hw);
        for (int i = 0; i < count; i++) System.arraycopy(train.x(), index[i] * d0, keptXi, (keptSources + i) * d0, d0);
        keptSources = need;
        if (keptBlocks == blockEnd.length) {
            int cap = Math.max(8, 2 * keptBlocks);
            blockEnd = Arrays.copyOf(blockEnd, cap);
            blockFrom = Arrays.copyOf(blockFrom, cap);
            blockTo = Arrays.copyOf(blockTo, cap);
        }
        blockEnd[keptBlocks] = need;
        blockFrom[keptBlocks] = from;
        blockTo[keptBlocks++] = to;
    }

    @Override
    public double[] all() {
        flops += refreshAll();
        return g;
    }

    /** Matrix-product flops of the lazy refreshes so far (the eager ones are returned by {@link #apply}). */
    long refreshFlops() {
        return flops;
    }

    /**
     * Writes the initial state of those of the rows not read before into g (one pass over them, in the order
     * of their indices; every point once all are). Modifies g and born.
     */
    private void birth(int[] rows) {
        if (born == null) return;
        int[] fresh = Arrays.stream(rows).filter(r -> !born[r]).distinct().sorted().toArray();
        if (fresh.length == 0) return;
        double[] s0 = rule.held(initial.at(train.gatherX(fresh, 0, fresh.length), fresh.length), fresh.length);
        flops += initial.flops(fresh.length);
        for (int i = 0; i < fresh.length; i++) {
            System.arraycopy(s0, i * width, g, fresh[i] * width, width);
            born[fresh[i]] = true;
        }
        unborn -= fresh.length;
        if (unborn == 0) born = null;
    }

    /** The first kept source of block k of the run (k = base + keptBlocks: the end of the kept sources). */
    private int sourceStart(int k) {
        return k == base ? 0 : blockEnd[k - base - 1];
    }

    /** Drops the kept blocks every point already has (all of them once an evaluation has read every point). */
    private void dropAppliedBlocks() {
        int min = Integer.MAX_VALUE;
        for (int a : applied) min = Math.min(min, a);
        int drop = min - base;
        if (drop <= 0) return;
        int from = sourceStart(min), d0 = train.d0(), hw = rule.width(), left = keptSources - from;
        System.arraycopy(keptIndex, from, keptIndex, 0, left);
        System.arraycopy(keptStep, from, keptStep, 0, left);
        System.arraycopy(keptNorm, from, keptNorm, 0, left);
        System.arraycopy(keptH, from * hw, keptH, 0, left * hw);
        System.arraycopy(keptXi, from * d0, keptXi, 0, left * d0);
        keptSources = left;
        for (int b = drop; b < keptBlocks; b++) {
            blockEnd[b - drop] = blockEnd[b] - from;
            blockFrom[b - drop] = blockFrom[b];
            blockTo[b - drop] = blockTo[b];
        }
        keptBlocks -= drop;
        base = min;
        if (keptBlocks == 0) applied = null;
    }

    /** Brings every point up to date and drops the kept blocks. */
    private long refreshAll() {
        if (keptBlocks == 0 && born == null) return 0;
        long before = flops;
        int[] every = new int[train.size()];
        for (int i = 0; i < every.length; i++) every[i] = i;
        refresh(every);
        base += keptBlocks;
        keptBlocks = 0;
        keptSources = 0;
        applied = null;
        return flops - before;
    }

    /**
     * Applies to each of the rows the kept blocks it lacks. The stale rows are ordered by how many blocks
     * they have (then by index), so the rows lacking block k are a prefix of them: the blocks between two
     * consecutive counts go to one prefix in one {@link #update}. Modifies g and the applied counts.
     */
    private void refresh(int[] rows) {
        birth(rows);
        if (keptBlocks == 0) return;
        int total = base + keptBlocks;
        int[] stale = Arrays.stream(rows).distinct().filter(r -> applied[r] < total).boxed()
                .sorted((a, b) -> applied[a] != applied[b] ? Integer.compare(applied[a], applied[b]) : Integer.compare(a, b))
                .mapToInt(Integer::intValue).toArray();
        if (stale.length == 0) return;
        double[] s = Rows.gather(g, width, stale);
        double[] xi = train.gatherX(stale, 0, stale.length);
        double[] norm = new double[stale.length];
        for (int i = 0; i < stale.length; i++) norm[i] = trainNorm[stale[i]];
        int prefix = 0;
        while (prefix < stale.length) {
            int from = applied[stale[prefix]];
            while (prefix < stale.length && applied[stale[prefix]] == from) prefix++;
            int to = prefix < stale.length ? applied[stale[prefix]] : total;
            update(s, xi, norm, prefix, from, to);
        }
        for (int i = 0; i < stale.length; i++) {
            System.arraycopy(s, i * width, g, stale[i] * width, width);
            applied[stale[i]] = total;
        }
    }

    /**
     * s(ξ_t) ← s(ξ_t) − μ Σ_{src} k(ξ_t, ξ_src) h_src for the first rows targets over the sources of the kept blocks
     * [blockFrom, blockTo) of the run (with momentum, the velocities' part of those blocks' steps first, and the sources
     * weighted as at their last step): tasks of {@link Grains#TARGET_RANGE} targets × {@link #GROUP_CHUNKS} chunks of
     * sources, each summing its chunks in order into a part; the parts are added to s in source order. Modifies s.
     */
    private void update(double[] s, double[] xi, double[] norm, int rows, int fromBlock, int toBlock) {
        int srcFrom = sourceStart(fromBlock), srcTo = sourceStart(toBlock);
        double[] h = keptH;
        int hOff = 0;
        if (rule.momentum().active()) {
            int t0 = blockFrom[fromBlock - base], t1 = blockTo[toBlock - 1 - base];
            rule.carry(s, rows, t1 - t0);
            h = rule.weighted(keptH, keptStep, srcFrom, srcTo - srcFrom, t1);
            hOff = srcFrom;
        }
        double[] hs = h;
        int hBase = hOff;
        int d0 = train.d0(), chunk = Grains.HISTORY_CHUNK, group = chunk * GROUP_CHUNKS;
        int ranges = (rows + Grains.TARGET_RANGE - 1) / Grains.TARGET_RANGE, groups = (srcTo - srcFrom + group - 1) / group;
        double[][] parts = new double[ranges * groups][];
        InputKernel kernel = rule.kernel();
        double mu = rule.mu();
        workers.forRanges(ranges * groups, 1, (task, unused) -> {
            int r0 = (task / groups) * Grains.TARGET_RANGE, tb = Math.min(Grains.TARGET_RANGE, rows - r0);
            int g0 = srcFrom + (task % groups) * group, g1 = Math.min(srcTo, g0 + group);
            double[] part = new double[tb * width];
            double[] kb = scratch.take(tb * Math.min(chunk, g1 - g0));
            for (int c0 = g0; c0 < g1; c0 += chunk) {
                int cb = Math.min(chunk, g1 - c0);
                Gemm.abt(tb, cb, d0, 1.0, xi, r0 * d0, keptXi, c0 * d0, 0.0, kb, 0);
                kernel.inPlace(kb, tb, cb, norm, r0, keptNorm, c0, d0);
                Gemm.ab(tb, width, cb, -mu, kb, 0, hs, (c0 - hBase) * width, 1.0, part, 0);
            }
            scratch.give(kb);
            parts[task] = part;
        });
        for (int r = 0; r < ranges; r++) {
            int o = r * Grains.TARGET_RANGE * width;
            for (int gi = 0; gi < groups; gi++) {
                double[] part = parts[r * groups + gi];
                for (int i = 0; i < part.length; i++) s[o + i] += part[i];
            }
        }
        flops += rule.flops(rows, srcTo - srcFrom, d0);
    }

    /**
     * Writes the state as it stands: the array (stale rows as they are), the kept blocks and each point's
     * count — restoring them continues the run with the same refreshes, hence the same bits.
     */
    void save(StateOutput out) throws IOException {
        int hw = rule.width();
        out.tag("train-points-v2");
        out.writeDoubles(g);
        out.writeInt(base);
        out.writeInt(keptBlocks);
        out.writeInts(blockEnd, keptBlocks);
        out.writeInts(blockFrom, keptBlocks);
        out.writeInts(blockTo, keptBlocks);
        out.writeInt(keptSources);
        out.writeInts(keptIndex, keptSources);
        out.writeInts(keptStep, keptSources);
        out.writeDoubles(keptNorm, keptSources);
        out.writeDoubles(keptH, keptSources * hw);
        out.writeBoolean(applied != null);
        if (applied != null) out.writeInts(applied, applied.length);
        out.writeBoolean(born != null);
        if (born != null) {
            int[] b = new int[born.length];
            for (int i = 0; i < b.length; i++) b[i] = born[i] ? 1 : 0;
            out.writeInts(b, b.length);
        }
    }

    /** The training points {@link #save} wrote. */
    static LocalTrainPoints restore(StateInput in, Dataset train, double[] trainNorm, InitialStates initial, StateUpdate rule,
                                    Workers workers) throws IOException {
        in.expect("train-points-v2");
        int hw = rule.width();
        double[] g = in.readDoubles("training state", (long) train.size() * rule.stride());
        LocalTrainPoints t = new LocalTrainPoints(train, trainNorm, g, initial, rule, workers);
        t.base = in.readInt("applied blocks", 0, Integer.MAX_VALUE);
        int kept = in.readInt("kept blocks", 0, Integer.MAX_VALUE);
        int[] ends = in.readInts("block ends", kept, Integer.MAX_VALUE);
        int[] froms = in.readInts("block first steps", kept, Integer.MAX_VALUE);
        int[] tos = in.readInts("block end steps", kept, Integer.MAX_VALUE);
        int sources = in.readInt("kept sources", 0, Integer.MAX_VALUE / Math.max(1, Math.max(hw, train.d0())));
        int[] idx = in.readInts("kept indices", sources, train.size());
        int[] steps = in.readInts("kept steps", sources, Integer.MAX_VALUE);
        double[] nrm = in.readDoubles("kept norms", (long) sources);
        double[] h = in.readDoubles("kept sources", (long) sources * hw);
        for (int b = 0, prev = 0; b < kept; prev = ends[b], b++) {
            if (ends[b] <= prev || ends[b] > sources || (b == kept - 1 && ends[b] != sources) || tos[b] < froms[b]) {
                throw new CorruptCheckpointException("kept block " + b + " ends at " + ends[b] + " of " + sources + " sources");
            }
            t.keep(Arrays.copyOfRange(idx, prev, ends[b]), Arrays.copyOfRange(nrm, prev, ends[b]),
                    Arrays.copyOfRange(h, prev * hw, ends[b] * hw), Arrays.copyOfRange(steps, prev, ends[b]), ends[b] - prev, froms[b], tos[b]);
        }
        if (in.readBoolean()) {
            t.applied = in.readInts("applied counts", train.size(), Integer.MAX_VALUE);
            for (int a : t.applied) {
                if (a < t.base || a > t.base + kept) {
                    throw new CorruptCheckpointException("a point's applied block count " + a + " is outside [" + t.base + ", " + (t.base + kept) + "]");
                }
            }
        } else if (kept > 0) {
            throw new CorruptCheckpointException("kept blocks without the points' counts");
        }
        if (in.readBoolean()) {
            int[] b = in.readInts("read points", train.size(), 2);
            if (initial == null) {
                throw new CorruptCheckpointException("points without their initial state, and no initial network to compute it");
            }
            t.born = new boolean[b.length];
            for (int i = 0; i < b.length; i++) {
                t.born[i] = b[i] == 1;
                if (!t.born[i]) t.unborn++;
            }
            if (t.unborn == 0) t.born = null;
        }
        return t;
    }
}
