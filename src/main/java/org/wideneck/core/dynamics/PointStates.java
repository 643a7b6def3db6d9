package org.wideneck.core.dynamics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.wideneck.core.checkpoint.StateInput;
import org.wideneck.core.checkpoint.StateOutput;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Problem;
import org.wideneck.core.linalg.Gemm;
import org.wideneck.core.parallel.Grains;
import org.wideneck.core.parallel.Workers;

/**
 * The quantity SGD moves at the data points — g (bottleneck, eq 42) or F (`inf`, SPEC §4) — at the training and
 * the test points, moved by a {@link StateUpdate}:
 * <pre>
 *   s(ξ) ← s(ξ) − μ Σ_src k(ξ, ξ_src) h_src
 * </pre>
 * recorded each step and applied lazily: to all training points once one more step's sources would not fit one
 * source block ({@link BottleneckSimulator#trainFlushPeriod}), so the N×d0 inputs are streamed once per block of
 * steps; to the test points at evaluations. The batch points of a step get the pending part directly
 * ({@link #atBatch}). The same sums as applying every step; only the rounding order differs. States are held as
 * {@link StateUpdate#stride} doubles a point (with momentum, the velocity beside the state); reads give the values.
 */
final class PointStates {
    private final Problem problem;
    private final StateUpdate rule;
    private final Workers workers;
    private TrainPoints train;
    private IntFunction<int[][]> lookahead;
    private final double[] test;
    private final double[] normTrain;
    private final double[] normTest;
    private final PendingUpdates pendingTrain;
    private final PendingUpdates pendingTest;
    private boolean testDetached;
    /** The test points' updates as applied, one entry per application (null: not recorded). */
    private List<UpdateSources> testLog;
    private int lastBatch = 1;
    /** Steps recorded so far: the step the points' states stand at once their pending updates are applied. */
    private int step;
    private long flops;

    /**
     * @param train0 the training points' initial values (N×width), held (null: the caller sets the training points);
     *               test0 likewise for the test points
     */
    PointStates(Problem problem, double[] train0, double[] test0, StateUpdate rule, Workers workers) {
        this(problem, rule, workers, rule.held(test0, problem.test().size()));
        if (train0 != null) train = new LocalTrainPoints(problem.train(), normTrain, rule.held(train0, problem.train().size()), rule, workers);
    }

    /** Point states around the test points' held state (kept and modified); the caller sets the training points. */
    private PointStates(Problem problem, StateUpdate rule, Workers workers, double[] heldTest) {
        this.problem = problem;
        this.rule = rule;
        this.workers = workers;
        this.test = heldTest;
        int d0 = problem.d0();
        this.normTrain = Gemm.rowSquaredNorms(problem.train().x(), problem.train().size(), d0);
        this.normTest = Gemm.rowSquaredNorms(problem.test().x(), problem.test().size(), d0);
        this.pendingTrain = new PendingUpdates(rule.width());
        this.pendingTest = new PendingUpdates(rule.width());
    }

    /**
     * Point states whose training points get their initial state when first read (see {@link LocalTrainPoints});
     * test0 is the test points' initial values.
     */
    static PointStates withLazyInitialState(Problem problem, InitialStates initialTrain, double[] test0, StateUpdate rule,
                                            Workers workers) {
        PointStates s = new PointStates(problem, rule, workers, rule.held(test0, problem.test().size()));
        s.train = new LocalTrainPoints(problem.train(), s.normTrain, initialTrain, rule, workers);
        return s;
    }

    StateUpdate rule() {
        return rule;
    }

    /** Steps recorded so far. */
    int step() {
        return step;
    }

    /** Sets the steps recorded so far, for a state made from a given history (before any step of its own). */
    void standAfter(int steps) {
        if (step != 0 || steps < 0) throw new IllegalStateException("standAfter(" + steps + ") at step " + step);
        step = steps;
    }

    /**
     * Writes the state as it stands, pending updates unapplied (applying them here would change the rounding order
     * of the run that goes on): the step, test (or {@code testState}, the test points' held state at the last
     * evaluation when they live elsewhere), train, and both pending lists.
     */
    void save(StateOutput out, double[] testState) throws IOException {
        out.tag("point-states-v4");
        out.writeInt(rule.stride());
        out.writeInt(step);
        out.writeBoolean(train instanceof LocalTrainPoints);
        out.writeDoubles(testState != null ? testState : test);
        if (train instanceof LocalTrainPoints local) local.save(out);
        else out.writeDoubles(train.all());
        pendingTrain.save(out);
        pendingTest.save(out);
        out.writeBoolean(testLog != null);
        if (testLog != null) {
            out.writeInt(testLog.size());
            for (UpdateSources u : testLog) u.save(out);
        }
    }

    /**
     * Point states as {@link #save} wrote them, attached to this process's test points; initialTrain gives the
     * initial state of training points not yet read (null when the run computed them all up front).
     */
    static PointStates restore(StateInput in, Problem problem, StateUpdate rule, Workers workers, InitialStates initialTrain)
            throws IOException {
        in.expect("point-states-v4");
        int stride = rule.stride();
        in.readInt("state width", stride, stride);
        int step = in.readInt("steps done", 0, Integer.MAX_VALUE);
        boolean local = in.readBoolean();
        double[] te = in.readDoubles("test state", (long) problem.test().size() * stride);
        PointStates r = new PointStates(problem, rule, workers, te);
        r.step = step;
        r.train = local ? LocalTrainPoints.restore(in, problem.train(), r.normTrain, initialTrain, rule, workers)
                : new LocalTrainPoints(problem.train(), r.normTrain, in.readDoubles("training state", (long) problem.train().size() * stride),
                        rule, workers);
        r.pendingTrain.restore(in, problem.train().size());
        r.pendingTest.restore(in, problem.train().size());
        if (in.readBoolean()) {
            int groups = in.readInt("recorded test updates", 0, Integer.MAX_VALUE);
            r.testLog = new ArrayList<>(groups);
            for (int g = 0; g < groups; g++) r.testLog.add(UpdateSources.read(in, rule.width(), problem.train().size()));
        }
        return r;
    }

    /** |ξ|² of the batch's training points. */
    double[] norms(int[] batch) {
        double[] out = new double[batch.length];
        for (int i = 0; i < batch.length; i++) out[i] = normTrain[batch[i]];
        return out;
    }

    /**
     * Moves the training points' state elsewhere: {@code where} gets the held state as of the last application (the
     * updates pending stay here and are applied through it at the next one).
     */
    void moveTrain(Function<double[], TrainPoints> where) {
        double[] all = train.all();
        if (train instanceof LocalTrainPoints local) flops += local.refreshFlops();
        train = where.apply(all);
    }

    /** Gives the batches of the coming steps (peek(k): the next k batches), so a flush can name the rows they draw. */
    void lookahead(IntFunction<int[][]> peek) {
        this.lookahead = peek;
    }

    /** The rows the batches up to the next flush draw (null without a lookahead, or when our own array is updated eagerly). */
    private int[] expected(int batchSize) {
        if (lookahead == null || (train instanceof LocalTrainPoints local && !local.lazy())) return null;
        int[][] next = lookahead.apply(Math.max(1, Grains.SOURCE_BLOCK / batchSize));
        return Arrays.stream(next).flatMapToInt(Arrays::stream).distinct().sorted().toArray();
    }

    /** The current values at the batch points (a new batch×width array), pending updates included. */
    double[] atBatch(int[] batch, double[] batchNorms) {
        lastBatch = batch.length;
        double[] s = train.rows(batch);
        if (pendingTrain.rows() > 0) {
            Dataset tr = problem.train();
            Points targets = new Points(tr.gatherX(batch, 0, batch.length), batchNorms, batch.length, tr.d0());
            flops += pendingTrain.applyKeeping(s, targets, tr.x(), step, rule, Workers.sequential());
        }
        return rule.values(s, batch.length);
    }

    /** Records a step's update sources (h: batch×width) for both splits; applies the training ones when due. */
    void record(int[] batch, double[] batchNorms, double[] h) {
        pendingTest.add(batch, batchNorms, h, batch.length, step);
        pendingTrain.add(batch, batchNorms, h, batch.length, step);
        step++;
        if (pendingTrain.rows() + batch.length > Grains.SOURCE_BLOCK) flushTrain();
    }

    private void flushTrain() {
        if (pendingTrain.rows() == 0) return;
        flops += train.apply(pendingTrain.drain(step), expected(lastBatch));
    }

    /** The training points' current values, N×width (the live array or a copy: read, do not keep). */
    double[] train() {
        flushTrain();
        return rule.values(train.all(), problem.train().size());
    }

    /** The test points' current values, N_test×width (the live array or a copy: read, do not keep). */
    double[] test() {
        if (testDetached) throw new IllegalStateException("the test points are evaluated elsewhere (detachTest)");
        UpdateSources u = logged(pendingTest.drain(step));
        Dataset te = problem.test();
        flops += u.apply(test, new Points(te.x(), normTest, te.size(), te.d0()), problem.train().x(), rule, workers);
        return rule.values(test, te.size());
    }

    /** u, recorded first when the test updates are being recorded (and u holds any). */
    private UpdateSources logged(UpdateSources u) {
        if (testLog != null && u.count() > 0) testLog.add(u);
        return u;
    }

    /**
     * Records the test points' updates from now on, as they are applied ({@link #testUpdateGroups}). Called before
     * the first step; a no-op when already recording (a restored run).
     */
    void recordTestUpdates() {
        if (testLog == null) testLog = new ArrayList<>();
    }

    /**
     * The recorded test updates, then those pending now as a last group (when any).
     *
     * @throws IllegalStateException when not recording
     */
    List<UpdateSources> testUpdateGroups() {
        if (testLog == null) throw new IllegalStateException("the test updates were not recorded (recordTrajectory before the first step)");
        List<UpdateSources> all = new ArrayList<>(testLog);
        if (pendingTest.rows() > 0) all.add(pendingTest.copy(step));
        return all;
    }

    /** The current values at the given training points, a new rows.length×width array. */
    double[] trainRows(int[] rows) {
        flushTrain();
        return rule.values(train.rows(rows), rows.length);
    }

    /** The current held states at the given training points, a new rows.length×stride array. */
    double[] trainHeld(int[] rows) {
        flushTrain();
        return train.rows(rows);
    }

    /**
     * See {@link Distributable#detachTest}: the held test state as it stands; the updates still pending stay for the
     * next {@link #drainTestUpdates} (none at step 0; a resumed run's since its last evaluation).
     */
    double[] detachTest() {
        if (testDetached) throw new IllegalStateException("the test points are already detached");
        testDetached = true;
        return test.clone();
    }

    /** See {@link Distributable#drainTestUpdates}. */
    UpdateSources drainTestUpdates() {
        if (!testDetached) throw new IllegalStateException("detachTest first");
        return logged(pendingTest.drain(step));
    }

    /** Matrix-product flops of the updates so far. */
    long flops() {
        return flops + (train instanceof LocalTrainPoints local ? local.refreshFlops() : 0);
    }

    /**
     * Whether the training updates recorded from now on are applied lazily (kept, and applied to a point when it is
     * read) or eagerly (to every point), see {@link LocalTrainPoints}. Only the simulator's own array can keep them;
     * state held elsewhere is always updated eagerly.
     */
    void setLazyTrainUpdates(boolean lazy) {
        if (train instanceof LocalTrainPoints local) local.setLazy(lazy);
    }
}
