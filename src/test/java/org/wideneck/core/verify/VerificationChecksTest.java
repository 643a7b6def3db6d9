package org.wideneck.core.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.wideneck.core.data.Problem;
import org.wideneck.core.data.SmallProblems;
import org.wideneck.core.data.Split;
import org.wideneck.core.dynamics.BottleneckSimulator;
import org.wideneck.core.init.InitialNetwork;
import org.wideneck.core.init.NetworkWeights;
import org.wideneck.core.loop.BatchSchedule;

/** The verification's checks can fail: a wrong Ξ and the paper's printed eq 44 are caught; the direct reference equals the simulator. */
class VerificationChecksTest {
    static final Problem P = SmallProblems.regression(3, 30, 10, 4, 2);

    @Test
    void aWrongXiInflatesTheEq13Residual() {
        double good = 0, bad = 0;
        for (int s = 0; s < 2; s++) {
            good += EvolutionResiduals.measure(P, 16000, 3, 1e-2, 20, 11 + s, false).j();
            bad += EvolutionResiduals.measure(P, 16000, 3, 1e-2, 20, 11 + s, true).j();
        }
        assertTrue(bad > 1.5 * good && bad / 2 > 0.5, "J residual with Ξ/2 " + bad / 2 + " vs correct " + good / 2);
    }

    @Test
    void thePaperFormOfEq44DoesNotConvergeWhereSpecsDoes() {
        Problem p = SmallProblems.regression(3, 40, 20, 4, 2);
        int[] ns = {1000, 4000, 16000};
        double[] good = new double[ns.length], paper = new double[ns.length];
        for (int i = 0; i < ns.length; i++) {
            good[i] = FiniteDistance.distance(p, ns[i], 3, 40, 10, 0.5, 2, 100, FiniteDistance.Against.SIMULATOR);
            paper[i] = FiniteDistance.distance(p, ns[i], 3, 40, 10, 0.5, 2, 100, FiniteDistance.Against.PAPER_EQ44);
        }
        double eg = FiniteDistance.exponent(ns, good), ep = FiniteDistance.exponent(ns, paper);
        assertTrue(eg > 0.15 && good[2] < good[0], "SPEC's form converges: exponent " + eg);
        assertTrue(ep < 0.15, "the printed form would fail the convergence check: exponent " + ep);
        assertTrue(paper[2] > 3 * good[2], "and the erratum check: " + paper[2] + " vs " + good[2]);
    }

    @Test
    void theDirectRecursionEqualsTheFastSimulator() {
        NetworkWeights w = NetworkWeights.random(5, 500, 4, 3, 2);
        BottleneckSimulator fast = new BottleneckSimulator(P, new InitialNetwork(w, false), 0.5);
        DirectSimulation direct = new DirectSimulation(P, new InitialNetwork(w, false), 0.5, false);
        BatchSchedule b = new BatchSchedule(30, 10, 3);
        for (int t = 0; t < 30; t++) {
            int[] batch = b.next();
            fast.step(batch);
            direct.step(batch);
        }
        for (Split s : Split.values()) {
            double dist = FiniteDistance.relDist(direct.outputs(s), fast.outputs(s));
            assertTrue(dist < 1e-9, s + ": " + dist);
        }
    }

    /** Lemma 4.1 holds with the rates L_f μ, L_g μ and visibly fails without them. */
    @Test
    void deepLinearNetworksTrainLikeTheTwoLayerOneOnlyAtTheScaledRates() {
        double small = DeepLinear.distance(P, 2, 2, 64, 3, 0.05, 50, 7), large = DeepLinear.distance(P, 2, 2, 4096, 3, 0.05, 50, 7);
        double unscaled = DeepLinear.distance(P, 2, 2, 4096, 3, 0.05, 50, 7, false);
        assertTrue(large < small / 3, "distance " + small + " at n = 64, " + large + " at 4096");
        assertTrue(unscaled > 5 * large, "at μ, μ: " + unscaled + " vs " + large);
    }
}
