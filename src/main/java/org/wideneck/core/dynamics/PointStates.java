package org.wideneck.core.dynamics;

import org.wideneck.core.parallel.Grains;
import org.wideneck.core.kernel.KernelPath;
import org.wideneck.core.linalg.Gemm;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Problem;
import org.wideneck.core.parallel.Workers;

/**
 * The quantity SGD moves at the data points — g (bottleneck, K = Θ, eq 42) or F (`inf`, K = Θ_∞, SPEC §4)
 * — at the training and the test points, with the updates
 * <pre>
 *   s(ξ) ← s(ξ) − μ Σ_src K(ξ, ξ_src) h_src
 * </pre>
 * recorded each step and applied lazily: to all training points once one more step's sources would not fit
 * one source block ({@link BottleneckSimulator#trainFlushPeriod}), so the N×d0 inputs are streamed once per
 * block of steps; to the test points at evaluations. The batch points of a step get the pending part
 * directly ({@link #atBatch}). The same sums as applying every step; only the rounding order differs.
 */
final class PointStates {
    private final Problem problem;
    private final int width;
    private final double mu;
    private final boolean infinite;
    private final KernelPath path;
    private final Workers workers;
    private TrainPoints train;
    private java.util.function.IntFunction<int[][]> lookahead;
    private final double[] test;
    private final double[] normTrain;
    private final double[] normTest;
    private final PendingUpdates pendingTrain;
    private final PendingUpdates pendingTest;
    private boolean testDetached;
    /** The test points' updates as applied, one entry per application (null: not recorded). */
    private java.util.List<UpdateSources> testLog;
    private int lastBatch = 1;
    private long flops;

    /**
     * @param train0 the training points' state (N×width), kept and modified (null: the caller sets it);
     *               test0 likewise for the test points
     */
    PointStates(Problem problem, double[] train0, double[] test0, int width, double mu, boolean infinite, KernelPath path,
                Workers workers) {
        this.problem = problem;
        this.width = width;
        this.mu = mu;
        this.infinite = infinite;
        this.path = path;
        this.workers = workers;
        this.test = test0;
        int d0 = problem.d0();
        this.normTrain = Gemm.rowSquaredNorms(problem.train().x(), problem.train().size(), d0);
        this.train = train0 == null ? null : new LocalTrainPoints(problem.train(), normTrain, train0, width, mu, infinite, path, workers);
        this.normTest = Gemm.rowSquaredNorms(problem.test().x(), problem.test().size(), d0);
        this.pendingTrain = new PendingUpdates(width);
        this.pendingTest = new PendingUpdates(width);
    }

    /**
     * Point states whose training points get their initial state when first read (see
     * {@link LocalTrainPoints}); test0 is the test points' initial state, kept and modified.
     */
    static PointStates withLazyInitialState(Problem problem, InitialStates initialTrain, double[] test0, int width, double mu,
                                            boolean infinite, KernelPath path, Workers workers) {
        PointStates s = new PointStates(problem, null, test0, width, mu, infinite, path, workers);
        s.train = new LocalTrainPoints(problem.train(), s.normTrain, initialTrain, width, mu, infinite, path, workers);
        return s;
    }

    /**
     * Writes the state as it stands, pending updates unapplied (applying them here would change the
     * rounding order of the run that goes on): train, test (or {@code testState}, the test points' state
     * at the last evaluation when they live elsewhere), and both pending lists.
     */
    void save(org.wideneck.core.checkpoint.StateOutput out, double[] testState) throws java.io.IOException {
        out.tag("point-states-v3");
        out.writeInt(width);
        out.writeBoolean(infinite);
        out.writeBoolean(train instanceof LocalTrainPoints);
        out.writeDoubles(testState != null ? testState : test);
        if (train instanceof LocalTrainPoints local) local.save(out);
        else out.writeDoubles(train.all());
        pendingTrain.save(out);
        pendingTest.save(out);
        out.writeBoolean(testLog != null);
        if (testLog != null) {
            out.writeInt(testLog.size());
            for (UpdateSources u : testLog) {
                out.writeInt(u.count());
                out.writeInts(u.index(), u.count());
                out.writeDoubles(u.norm(), u.count());
                out.writeDoubles(u.h(), u.count() * width);
            }
        }
    }

    /**
     * Point states as {@link #save} wrote them, attached to this process's test points; initialTrain gives
     * the initial state of training points not yet read (null when the run computed them all up front).
     */
    static PointStates restore(org.wideneck.core.checkpoint.StateInput in, Problem problem, int width, double mu, boolean infinite,
                               KernelPath path, Workers workers, InitialStates initialTrain) throws java.io.IOException {
        in.expect("point-states-v3");
        in.readInt("state width", width, width);
        if (in.readBoolean() != infinite) throw new org.wideneck.core.checkpoint.CorruptCheckpointException("the state is of another model");
        boolean local = in.readBoolean();
        double[] te = in.readDoubles("test state", (long) problem.test().size() * width);
        PointStates s = new PointStates(problem, null, te, width, mu, infinite, path, workers);
        s.train = local ? LocalTrainPoints.restore(in, problem.train(), s.normTrain, initialTrain, width, mu, infinite, path, workers)
                : new LocalTrainPoints(problem.train(), s.normTrain, in.readDoubles("training state", (long) problem.train().size() * width),
                        width, mu, infinite, path, workers);
        s.pendingTrain.restore(in, problem.train().size());
        s.pendingTest.restore(in, problem.train().size());
        if (in.readBoolean()) {
            int groups = in.readInt("recorded test updates", 0, Integer.MAX_VALUE);
            s.testLog = new java.util.ArrayList<>(groups);
            for (int g = 0; g < groups; g++) {
                int count = in.readInt("recorded sources", 1, Integer.MAX_VALUE / Math.max(1, width));
                s.testLog.add(new UpdateSources(count, width, in.readInts("recorded indices", count, problem.train().size()),
                        in.readDoubles("recorded norms", (long) count), in.readDoubles("recorded sources", (long) count * width)));
            }
        }
        return s;
    }

    /** |ξ|² of the batch's training points. */
    double[] norms(int[] batch) {
        double[] out = new double[batch.length];
        for (int i = 0; i < batch.length; i++) out[i] = normTrain[batch[i]];
        return out;
    }

    /**
     * Moves the training points' state elsewhere: {@code where} gets the state as of the last application
     * (the updates pending stay here and are applied through it at the next one).
     */
    void moveTrain(java.util.function.Function<double[], TrainPoints> where) {
        double[] all = train.all();
        if (train instanceof LocalTrainPoints local) flops += local.refreshFlops();
        train = where.apply(all);
    }

    /** Gives the batches of the coming steps (peek(k): the next k batches), so a flush can name the rows they draw. */
    void lookahead(java.util.function.IntFunction<int[][]> peek) {
        this.lookahead = peek;
    }

    /** The rows the batches up to the next flush draw (null without a lookahead, or when our own array is updated eagerly). */
    private int[] expected(int batchSize) {
        if (lookahead == null || (train instanceof LocalTrainPoints local && !local.lazy())) return null;
        int[][] next = lookahead.apply(Math.max(1, Grains.SOURCE_BLOCK / batchSize));
        return java.util.Arrays.stream(next).flatMapToInt(java.util.Arrays::stream).distinct().sorted().toArray();
    }

    /** The current state at the batch points (a new batch×width array), pending updates included. */
    double[] atBatch(int[] batch, double[] batchNorms) {
        lastBatch = batch.length;
        double[] s = train.rows(batch);
        if (pendingTrain.rows() > 0) {
            Dataset tr = problem.train();
            flops += pendingTrain.applyKeeping(s, tr, tr.gatherX(batch, 0, batch.length), batchNorms, batch.length, mu, infinite,
                    path, Workers.sequential());
        }
        return s;
    }

    /** Records a step's update sources (h: batch×width) for both splits; applies the training ones when due. */
    void record(int[] batch, double[] batchNorms, double[] h) {
        pendingTest.add(batch, batchNorms, h, batch.length);
        pendingTrain.add(batch, batchNorms, h, batch.length);
        if (pendingTrain.rows() + batch.length > Grains.SOURCE_BLOCK) flushTrain();
    }

    private void flushTrain() {
        flops += train.apply(pendingTrain.drain(), expected(lastBatch));
    }

    /** The training points' current state (the live array or a copy: read, do not keep). */
    double[] train() {
        flushTrain();
        return train.all();
    }

    /** The test points' current state (the live array: read, do not keep). */
    double[] test() {
        if (testDetached) throw new IllegalStateException("the test points are evaluated elsewhere (detachTest)");
        UpdateSources u = logged(pendingTest.drain());
        flops += u.apply(test, problem.test().x(), normTest, problem.test().size(), problem.train().x(), problem.d0(), mu, infinite,
                path, workers);
        return test;
    }

    /** u, recorded first when the test updates are being recorded (and u holds any). */
    private UpdateSources logged(UpdateSources u) {
        if (testLog != null && u.count() > 0) testLog.add(u);
        return u;
    }

    /**
     * Records the test points' updates from now on, as they are applied ({@link #testUpdateGroups}).
     * Called before the first step; a no-op when already recording (a restored run).
     */
    void recordTestUpdates() {
        if (testLog == null) testLog = new java.util.ArrayList<>();
    }

    /**
     * The recorded test updates, then those pending now as a last group (when any).
     *
     * @throws IllegalStateException when not recording
     */
    java.util.List<UpdateSources> testUpdateGroups() {
        if (testLog == null) throw new IllegalStateException("the test updates were not recorded (recordTrajectory before the first step)");
        java.util.List<UpdateSources> all = new java.util.ArrayList<>(testLog);
        if (pendingTest.rows() > 0) all.add(pendingTest.copy());
        return all;
    }

    /** The current state at the given training points, a new rows.length×width array. */
    double[] trainRows(int[] rows) {
        flushTrain();
        return train.rows(rows);
    }

    /**
     * See {@link Distributable#detachTest}: the test state as it stands; the updates still pending stay for
     * the next {@link #drainTestUpdates} (none at step 0; a resumed run's since its last evaluation).
     */
    double[] detachTest() {
        if (testDetached) throw new IllegalStateException("the test points are already detached");
        testDetached = true;
        return test.clone();
    }

    /** See {@link Distributable#drainTestUpdates}. */
    UpdateSources drainTestUpdates() {
        if (!testDetached) throw new IllegalStateException("detachTest first");
        return logged(pendingTest.drain());
    }

    /** Matrix-product flops of the updates so far. */
    long flops() {
        return flops + (train instanceof LocalTrainPoints local ? local.refreshFlops() : 0);
    }

    /**
     * Whether the training updates recorded from now on are applied lazily (kept, and applied to a point
     * when it is read) or eagerly (to every point), see {@link LocalTrainPoints}. Only the simulator's own
     * array can keep them; state held elsewhere is always updated eagerly.
     */
    void setLazyTrainUpdates(boolean lazy) {
        if (train instanceof LocalTrainPoints local) local.setLazy(lazy);
    }
}
