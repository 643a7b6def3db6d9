package org.wideneck.core.dynamics;

import java.io.IOException;
import org.wideneck.core.checkpoint.StateInput;
import org.wideneck.core.checkpoint.StateOutput;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Problem;
import org.wideneck.core.data.Split;
import org.wideneck.core.kernel.KernelPath;
import org.wideneck.core.linalg.Rows;
import org.wideneck.core.model.Model;
import org.wideneck.core.parallel.Workers;

/**
 * The `inf` baseline (SPEC §4, §8): plain kernel SGD with the infinite-bottleneck NTK Θ_∞ of the model,
 * <pre>
 *   F_{s+1}(ξ) = F_s(ξ) − μ Σ_b Θ_∞(ξ, ξ_b) χ_b,    χ_b = ∂ℓ(F_s(ξ_b), y_b)/∂F / B
 * </pre>
 * (with momentum, each update weighted by c(t − s), §8.4) at the training points through {@link PointStates} (updates
 * deferred for a period, the batch points getting the pending part directly) and brought up to date at the test
 * points at evaluations.
 */
public final class KernelSgdSimulator extends FunctionSpaceSimulation {
    private final double mu;

    /**
     * @param model   an infinite-bottleneck model (its kernel Θ_∞, loss and momentum)
     * @param f0Train F_0 at the training points (N×dr); copied
     * @param f0Test  F_0 at the test points; copied
     */
    public KernelSgdSimulator(Problem problem, Model model, double[] f0Train, double[] f0Test, double learningRate, KernelPath path,
                              Workers workers) {
        this(problem, model, learningRate, initialStates(problem, model, f0Train, f0Test, learningRate, path, workers), workers);
    }

    /** The paper's model (ReLU, one-layer g, squared loss), sequential, fastest kernel path. */
    public KernelSgdSimulator(Problem problem, double[] f0Train, double[] f0Test, double learningRate) {
        this(problem, Model.paper(Model.INF), f0Train, f0Test, learningRate, KernelPath.best(), Workers.sequential());
    }

    /**
     * A simulation whose training points get F_0 from initialTrain when first read (a run lazy from its first step);
     * f0Test is F_0 at the test points (copied).
     */
    public static KernelSgdSimulator withLazyInitialState(Problem problem, Model model, InitialStates initialTrain, double[] f0Test,
                                                          double learningRate, Workers workers) {
        if (f0Test.length != problem.test().y().length) throw new IllegalArgumentException("F_0 has the wrong shape");
        return new KernelSgdSimulator(problem, model, learningRate, PointStates.withLazyInitialState(problem, initialTrain, f0Test.clone(),
                rule(problem, model, learningRate, KernelPath.best()), workers), workers);
    }

    private static StateUpdate rule(Problem problem, Model model, double mu, KernelPath path) {
        if (!model.infinite()) throw new IllegalArgumentException("kernel SGD simulates the infinite bottleneck, not width " + model.width());
        return new StateUpdate(model.inputKernel(path), problem.dr(), mu, model.momentum());
    }

    /** The points' states at F_0 (copies), after checking their shapes. */
    private static PointStates initialStates(Problem problem, Model model, double[] f0Train, double[] f0Test, double mu, KernelPath path,
                                             Workers workers) {
        if (f0Train.length != problem.train().y().length || f0Test.length != problem.test().y().length) {
            throw new IllegalArgumentException("F_0 has the wrong shape");
        }
        return new PointStates(problem, f0Train.clone(), f0Test.clone(), rule(problem, model, mu, path), workers);
    }

    private KernelSgdSimulator(Problem problem, Model model, double learningRate, PointStates f, Workers workers) {
        super(problem, model.loss(), f, workers);
        this.mu = learningRate;
    }

    @Override
    public void saveState(StateOutput out, double[] testState) throws IOException {
        out.tag("kernel-sgd");
        out.writeDouble(lastBatchLoss);
        states.save(out, testState);
    }

    /**
     * The simulation a checkpoint holds (see {@link #saveState}); initialTrain gives F_0 of the training points the
     * checkpointed run had not read yet (null: none were left).
     */
    public static KernelSgdSimulator restore(StateInput in, Problem problem, Model model, double learningRate, Workers workers,
                                             InitialStates initialTrain) throws IOException {
        in.expect("kernel-sgd");
        double last = in.readDouble();
        KernelSgdSimulator sim = new KernelSgdSimulator(problem, model, learningRate,
                PointStates.restore(in, problem, rule(problem, model, learningRate, KernelPath.best()), workers, initialTrain), workers);
        sim.lastBatchLoss = last;
        return sim;
    }

    @Override
    public void step(int[] batch) {
        Dataset tr = problem.train();
        int bsz = batch.length, dr = problem.dr();
        double[] srcNorm = states.norms(batch);
        double[] fB = states.atBatch(batch, srcNorm);
        double[] yB = tr.gatherY(batch, 0, bsz);
        double[] chi = new double[bsz * dr];
        for (int i = 0; i < bsz; i++) {
            loss.chi(fB, i * dr, yB, i * dr, dr, bsz, chi, i * dr);
            for (int k = 0; k < dr; k++) {
                if (!Double.isFinite(chi[i * dr + k])) throw new DivergedException("outputs are no longer finite");
            }
        }
        lastBatchLoss = loss.batchMean(fB, yB, chi, bsz, dr);
        states.record(batch, srcNorm, chi);
    }

    @Override
    public double[] outputs(Split split) {
        return (split == Split.TRAIN ? states.train() : states.test()).clone();
    }

    /** F at the given training rows without bringing the other points up to date (the state is F itself). */
    @Override
    public double[] outputs(Split split, int[] rows) {
        if (split == Split.TEST) return Rows.gather(outputs(split), problem.dr(), rows);
        return states.trainRows(rows);
    }

    @Override
    public StateModel stateModel() {
        return new StateModel(states.rule(), null);
    }

    @Override
    public History history() {
        return null;
    }

    @Override
    public Trajectory trajectory() {
        return new Trajectory(stateModel(), states.testUpdateGroups(), null, states.step());
    }

    @Override
    public long matrixFlops() {
        return states.flops();
    }

    /** The learning rate μ. */
    public double learningRate() {
        return mu;
    }
}
