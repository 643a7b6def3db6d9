package org.wideneck.core.dynamics;

import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.wideneck.core.data.Problem;
import org.wideneck.core.model.Loss;
import org.wideneck.core.parallel.Workers;

/**
 * What the two function-space simulations share: the points' states moved by eq 42 ({@link PointStates}: g of a
 * bottleneck, F of `inf`), the loss, the last batch's loss and the steps' timing, and everything that only forwards
 * to the point states (deferral hints, trajectory recording, handing the points to another evaluator).
 */
abstract class FunctionSpaceSimulation implements Distributable {
    protected final Problem problem;
    protected final Loss loss;
    protected final PointStates states;
    protected final Workers workers;
    protected final StepParts parts = new StepParts();
    protected double lastBatchLoss = Double.NaN;

    FunctionSpaceSimulation(Problem problem, Loss loss, PointStates states, Workers workers) {
        this.problem = problem;
        this.loss = loss;
        this.states = states;
        this.workers = workers;
    }

    @Override
    public Loss loss() {
        return loss;
    }

    @Override
    public double lastBatchLoss() {
        return lastBatchLoss;
    }

    @Override
    public int steps() {
        return states.step();
    }

    @Override
    public Map<String, Double> stepSeconds() {
        return parts.stepSeconds();
    }

    /** The parts of the steps' time (for the benchmark). */
    public StepParts parts() {
        return parts;
    }

    @Override
    public void lookahead(IntFunction<int[][]> peek) {
        states.lookahead(peek);
    }

    @Override
    public void lazyTrainUpdates(boolean lazy) {
        states.setLazyTrainUpdates(lazy);
    }

    @Override
    public void recordTrajectory() {
        states.recordTestUpdates();
    }

    @Override
    public double[] detachTest() {
        return states.detachTest();
    }

    @Override
    public UpdateSources drainTestUpdates() {
        return states.drainTestUpdates();
    }

    @Override
    public void moveTrain(Function<double[], TrainPoints> where) {
        states.moveTrain(where);
    }

    @Override
    public double[] trainState(int[] rows) {
        return states.trainHeld(rows);
    }
}
