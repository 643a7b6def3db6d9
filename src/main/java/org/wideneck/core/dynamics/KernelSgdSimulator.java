package org.wideneck.core.dynamics;

import org.wideneck.core.kernel.KernelPath;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Problem;
import org.wideneck.core.data.Split;
import org.wideneck.core.parallel.Workers;

/**
 * The `inf` baseline (SPEC §4): plain kernel SGD with the infinite-bottleneck NTK Θ_∞ of SPEC §2,
 * <pre>
 *   F_{s+1}(ξ) = F_s(ξ) − μ Σ_b Θ_∞(ξ, ξ_b) χ_b,    χ_b = (F_s(ξ_b) − y_b)/B
 * </pre>
 * at the training points through {@link PointStates} (updates deferred for a period, the batch points
 * getting the pending part directly) and brought up to date at the test points at evaluations.
 */
public final class KernelSgdSimulator implements Distributable {
    private final Problem problem;
    private final double mu;
    private final PointStates f;
    private final KernelPath path;
    private double lastBatchLoss = Double.NaN;

    /**
     * @param f0Train F_0 at the training points (N×dr); copied
     * @param f0Test  F_0 at the test points; copied
     */
    public KernelSgdSimulator(Problem problem, double[] f0Train, double[] f0Test, double learningRate) {
        this(problem, f0Train, f0Test, learningRate, KernelPath.best(), Workers.sequential());
    }

    /** As above with the run's threads (results do not depend on their number). */
    public KernelSgdSimulator(Problem problem, double[] f0Train, double[] f0Test, double learningRate, Workers workers) {
        this(problem, f0Train, f0Test, learningRate, KernelPath.best(), workers);
    }

    /** As above with a chosen kernel path. */
    public KernelSgdSimulator(Problem problem, double[] f0Train, double[] f0Test, double learningRate, KernelPath path) {
        this(problem, f0Train, f0Test, learningRate, path, Workers.sequential());
    }

    private KernelSgdSimulator(Problem problem, double[] f0Train, double[] f0Test, double learningRate, KernelPath path,
                               Workers workers) {
        this(problem, learningRate, initialStates(problem, f0Train, f0Test, learningRate, path, workers), path);
    }

    /**
     * A simulation whose training points get F_0 from initialTrain when first read (a run lazy from its first
     * step); f0Test is F_0 at the test points (copied).
     */
    public static KernelSgdSimulator withLazyInitialState(Problem problem, InitialStates initialTrain, double[] f0Test,
                                                          double learningRate, Workers workers) {
        if (f0Test.length != problem.test().y().length) throw new IllegalArgumentException("F_0 has the wrong shape");
        KernelPath path = KernelPath.best();
        return new KernelSgdSimulator(problem, learningRate, PointStates.withLazyInitialState(problem, initialTrain, f0Test.clone(),
                problem.dr(), learningRate, true, path, workers), path);
    }

    /** The points' states at F_0 (copies), after checking their shapes. */
    private static PointStates initialStates(Problem problem, double[] f0Train, double[] f0Test, double mu, KernelPath path,
                                             Workers workers) {
        if (f0Train.length != problem.train().y().length || f0Test.length != problem.test().y().length) {
            throw new IllegalArgumentException("F_0 has the wrong shape");
        }
        return new PointStates(problem, f0Train.clone(), f0Test.clone(), problem.dr(), mu, true, path, workers);
    }

    /** A simulation from given point states (the initial ones, or those restored from a checkpoint). */
    private KernelSgdSimulator(Problem problem, double learningRate, PointStates f, KernelPath path) {
        this.path = path;
        this.problem = problem;
        this.mu = learningRate;
        this.f = f;
    }

    @Override
    public void saveState(org.wideneck.core.checkpoint.StateOutput out, double[] testState) throws java.io.IOException {
        out.tag("kernel-sgd");
        out.writeDouble(lastBatchLoss);
        f.save(out, testState);
    }

    /**
     * The simulation a checkpoint holds (see {@link #saveState}); initialTrain gives F_0 of the training
     * points the checkpointed run had not read yet (null: none were left).
     */
    public static KernelSgdSimulator restore(org.wideneck.core.checkpoint.StateInput in, Problem problem, double learningRate,
                                             Workers workers, InitialStates initialTrain) throws java.io.IOException {
        in.expect("kernel-sgd");
        double last = in.readDouble();
        KernelPath path = KernelPath.best();
        KernelSgdSimulator sim = new KernelSgdSimulator(problem, learningRate,
                PointStates.restore(in, problem, problem.dr(), learningRate, true, path, workers, initialTrain), path);
        sim.lastBatchLoss = last;
        return sim;
    }

    @Override
    public void step(int[] batch) {
        Dataset tr = problem.train();
        int bsz = batch.length, dr = problem.dr();
        double[] srcNorm = f.norms(batch);
        double[] fB = f.atBatch(batch, srcNorm);
        double[] chi = new double[bsz * dr];
        for (int i = 0; i < bsz; i++) {
            for (int k = 0; k < dr; k++) {
                double v = (fB[i * dr + k] - tr.y()[batch[i] * dr + k]) / bsz;
                if (!Double.isFinite(v)) throw new DivergedException("outputs are no longer finite");
                chi[i * dr + k] = v;
            }
        }
        lastBatchLoss = Simulation.batchLoss(chi, bsz);
        f.record(batch, srcNorm, chi);
    }

    @Override
    public double lastBatchLoss() {
        return lastBatchLoss;
    }

    @Override
    public double[] outputs(Split split) {
        return (split == Split.TRAIN ? f.train() : f.test()).clone();
    }

    /** F at the given training rows without bringing the other points up to date (the state is F itself). */
    @Override
    public double[] outputs(Split split, int[] rows, int outDim) {
        if (split == Split.TEST) return Distributable.super.outputs(split, rows, outDim);
        return f.trainRows(rows);
    }

    @Override
    public StateModel stateModel() {
        return new StateModel(true, problem.dr(), mu, path, null);
    }

    @Override
    public History history() {
        return null;
    }

    @Override
    public void recordTrajectory() {
        f.recordTestUpdates();
    }

    @Override
    public Trajectory trajectory() {
        return new Trajectory(true, problem.dr(), mu, path, f.testUpdateGroups(), null);
    }

    @Override
    public double[] detachTest() {
        return f.detachTest();
    }

    @Override
    public UpdateSources drainTestUpdates() {
        return f.drainTestUpdates();
    }

    @Override
    public void moveTrain(java.util.function.Function<double[], TrainPoints> where) {
        f.moveTrain(where);
    }

    @Override
    public void lookahead(java.util.function.IntFunction<int[][]> peek) {
        f.lookahead(peek);
    }

    @Override
    public void lazyTrainUpdates(boolean lazy) {
        f.setLazyTrainUpdates(lazy);
    }

    @Override
    public double[] trainState(int[] rows) {
        return f.trainRows(rows);
    }

    @Override
    public long matrixFlops() {
        return f.flops();
    }
}
