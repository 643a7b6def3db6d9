package org.wideneck.core.run;

import org.wideneck.core.model.Model;
import org.wideneck.core.loop.TrainingLoop;
import org.wideneck.core.loop.MetricPoint;
import org.wideneck.core.loop.TrainSettings;
import org.wideneck.core.data.SmallProblems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.wideneck.core.data.Problem;
import org.wideneck.core.data.Split;
import org.wideneck.core.dynamics.LocalOutputs;
import org.wideneck.core.linalg.Rows;
import org.wideneck.core.model.Loss;

/** TrainingLoop's divergence rule: a loss grown past divergence-factor × its start stops the run, below it does not. */
class DivergenceRuleTest {
    /** A stand-in whose outputs are y + growth^step (loss ∝ growth^(2·step)) and whose batch loss is given. */
    private static final class Growing implements LocalOutputs {
        final Problem p;
        final double growth;
        final double batchGrowth;
        int steps;

        Growing(Problem p, double growth, double batchGrowth) {
            this.p = p;
            this.growth = growth;
            this.batchGrowth = batchGrowth;
        }

        @Override
        public void step(int[] batch) {
            steps++;
        }

        @Override
        public double[] outputs(Split split) {
            double[] y = p.split(split).y().clone();
            for (int i = 0; i < y.length; i++) y[i] += Math.pow(growth, steps);
            return y;
        }

        @Override
        public double[] outputs(Split split, int[] rows) {
            return Rows.gather(outputs(split), p.dr(), rows);
        }

        @Override
        public Loss loss() {
            return Loss.MSE;
        }

        @Override
        public double lastBatchLoss() {
            return steps == 0 || batchGrowth == 0 ? Double.NaN : 0.5 * Math.pow(batchGrowth, 2 * steps);
        }

        @Override
        public long matrixFlops() {
            return 0;
        }
    }

    private static final Problem P = SmallProblems.regression(3, 20, 10, 2, 1);

    @Test
    void aLossPastTheFactorAtAnEvaluationStopsTheRunAndKeepsTheRow() {
        // loss(s) = ½·e^(2s): 100× its start first at s = 3 (e^6 ≈ 403; e^4 ≈ 55)
        RunOutcome o = Plans.train(new Growing(P, Math.E, 0), P, 1, new TrainSettings(50, 5, 1.0, 1, 1, 0, 100, false));
        assertEquals(3, o.stepsDone());
        assertTrue(o.diverged().startsWith("step 3: train loss") && o.diverged().contains("more than 100 ×"), o.diverged());
        MetricPoint last = o.metrics().get(o.metrics().size() - 1);
        assertEquals(3, last.step(), "the row that shows the growth is kept");
        assertEquals(0.5 * Math.exp(6), last.loss(), 1e-9 * Math.exp(6));
    }

    @Test
    void theBatchLossIsCheckedEveryStepBetweenEvaluations() {
        // batch loss ½·10^(2s) against a start train loss of ½: past 100× at s = 2; no evaluation until 1000
        RunOutcome o = Plans.train(new Growing(P, 1.0, 10), P, 1, new TrainSettings(5000, 5, 1.0, 1, 1000, 0, 100, false));
        assertEquals(2, o.stepsDone());
        assertTrue(o.diverged().startsWith("step 2: batch loss"), o.diverged());
    }

    @Test
    void growthBelowTheFactorIsNotDivergence() {
        // loss grows 49-fold over the run (e^(2·ln 7)): under 100, the run finishes; with factor 10 it is stopped
        RunOutcome o = Plans.train(new Growing(P, Math.pow(7, 1.0 / 10), 0), P, 1, new TrainSettings(10, 5, 1.0, 1, 1, 0, 100, false));
        assertNull(o.diverged());
        assertEquals(10, o.stepsDone());
        RunOutcome strict = Plans.train(new Growing(P, Math.pow(7, 1.0 / 10), 0), P, 1, new TrainSettings(10, 5, 1.0, 1, 1, 0, 10, false));
        assertTrue(strict.diverged() != null && strict.stepsDone() < 10, String.valueOf(strict.diverged()));
    }

    @Test
    void aRealRunFarPastStabilityStopsLongBeforeItsOutputsOverflow() {
        Problem p = SmallProblems.regression(2, 25, 8, 3, 2);
        RunOutcome o = RunExecutor.execute(Plans.of(Model.INF, false, 0, 1, 100, 100, false, null,
                new TrainSettings(400, 5, 50, 1, 10), 1), p, RunHooks.none());
        assertTrue(o.diverged() != null && o.diverged().contains("more than 100 ×"), String.valueOf(o.diverged()));
        assertTrue(o.stepsDone() < 400);
    }
}
