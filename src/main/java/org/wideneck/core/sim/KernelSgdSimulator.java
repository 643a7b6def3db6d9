package org.wideneck.core.sim;

import org.wideneck.core.kernel.KernelPath;
import org.wideneck.core.linalg.Gemm;
import org.wideneck.core.linalg.Rows;

/**
 * The `inf` baseline (SPEC §4): plain kernel SGD with the infinite-bottleneck NTK Θ_∞ of SPEC §2,
 * <pre>
 *   F_{s+1}(ξ) = F_s(ξ) − μ Σ_b Θ_∞(ξ, ξ_b) χ_b,    χ_b = (F_s(ξ_b) − y_b)/B
 * </pre>
 * kept current at the training points every step and brought up to date at the test points at
 * evaluations.
 */
public final class KernelSgdSimulator implements Distributable {
    private final Problem problem;
    private final double mu;
    private final double[] fTrain;
    private final double[] fTest;
    private final double[] normTrain;
    private final double[] normTest;
    private final PendingUpdates pendingTest;
    private final PendingUpdates pendingTrain;
    private final KernelPath path;
    private final Workers workers;
    private long flops;
    private boolean testDetached;

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
        this.path = path;
        this.workers = workers;
        this.problem = problem;
        this.mu = learningRate;
        if (f0Train.length != problem.train().y().length || f0Test.length != problem.test().y().length) {
            throw new IllegalArgumentException("F_0 has the wrong shape");
        }
        this.fTrain = f0Train.clone();
        this.fTest = f0Test.clone();
        int d0 = problem.d0();
        this.normTrain = Gemm.rowSquaredNorms(problem.train().x(), problem.train().size(), d0);
        this.normTest = Gemm.rowSquaredNorms(problem.test().x(), problem.test().size(), d0);
        this.pendingTest = new PendingUpdates(problem.dr());
        this.pendingTrain = new PendingUpdates(problem.dr());
    }

    @Override
    public void step(int[] batch) {
        Dataset tr = problem.train();
        int bsz = batch.length, dr = problem.dr();
        double[] fB = Rows.gather(fTrain, dr, batch);
        double[] srcNorm = new double[bsz];
        for (int i = 0; i < bsz; i++) srcNorm[i] = normTrain[batch[i]];
        if (pendingTrain.rows() > 0) { // F at the batch: F at the last flush, moved by the updates since
            flops += pendingTrain.applyKeeping(fB, tr, tr.gatherX(batch, 0, bsz), srcNorm, bsz, mu, true, path, Workers.sequential());
        }
        double[] chi = new double[bsz * dr];
        for (int i = 0; i < bsz; i++) {
            for (int k = 0; k < dr; k++) {
                double v = (fB[i * dr + k] - tr.y()[batch[i] * dr + k]) / bsz;
                if (!Double.isFinite(v)) throw new DivergedException("outputs are no longer finite");
                chi[i * dr + k] = v;
            }
        }
        pendingTrain.add(batch, srcNorm, chi, bsz);
        pendingTest.add(batch, srcNorm, chi, bsz);
        if (pendingTrain.rows() + bsz > KernelGUpdate.BLOCK) flushTrain();
    }

    /** Applies the recorded updates to every training point (deferred as in {@link BottleneckSimulator}). */
    private void flushTrain() {
        Dataset tr = problem.train();
        flops += pendingTrain.flush(fTrain, tr, tr.x(), normTrain, tr.size(), mu, true, path, workers);
    }

    @Override
    public double[] outputs(Split split) {
        if (split == Split.TRAIN) {
            flushTrain();
            return fTrain.clone();
        }
        if (testDetached) throw new IllegalStateException("the test points are evaluated elsewhere (detachTest)");
        flops += pendingTest.flush(fTest, problem.train(), problem.test().x(), normTest, problem.test().size(), mu, true, path, workers);
        return fTest.clone();
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
    public double[] detachTest() {
        double[] f = outputs(Split.TEST);
        testDetached = true;
        return f;
    }

    @Override
    public UpdateSources drainTestUpdates() {
        if (!testDetached) throw new IllegalStateException("detachTest first");
        return pendingTest.drain();
    }

    @Override
    public double[] trainState(int[] rows) {
        flushTrain();
        return Rows.gather(fTrain, problem.dr(), rows);
    }

    @Override
    public long matrixFlops() {
        return flops;
    }
}
