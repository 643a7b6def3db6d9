package org.wideneck.core.verify;

import java.util.function.Function;
import org.wideneck.core.data.Problem;
import org.wideneck.core.data.Split;
import org.wideneck.core.dynamics.BottleneckSimulator;
import org.wideneck.core.dynamics.LocalOutputs;
import org.wideneck.core.finite.FiniteNetwork;
import org.wideneck.core.init.InitialNetwork;
import org.wideneck.core.init.NetworkWeights;
import org.wideneck.core.kernel.KernelPath;
import org.wideneck.core.loop.BatchSchedule;
import org.wideneck.core.model.Model;
import org.wideneck.core.parallel.Workers;

/**
 * Finite-width networks against the function-space simulation started from the same weights (SPEC §6;
 * paper appendix F): the relative distance ‖F_net − F_sim‖/‖F_sim‖ of the outputs at the train and test
 * points after the same SGD steps, averaged over independent weight draws, and the exponent of its fall
 * with the width n.
 */
public final class FiniteDistance {
    /** Which simulation the network is compared with. */
    public enum Against {
        /** The fast simulator (SPEC §4, eq 44 with f_0 at the moved embedding). */
        SIMULATOR,
        /** The paper's eq 44 as printed, F_0(ξ) in place of f_0(g_t(ξ)) ({@link DirectSimulation}). */
        PAPER_EQ44
    }

    private FiniteDistance() {}

    /** Mean over draws of the relative output distance after `steps` steps of batch B at learning rate mu (the paper's model). */
    public static double distance(Problem p, int n, int d, int steps, int batch, double mu, int draws, long seed, Against against) {
        return distance(p, Model.paper(d), n, steps, batch, mu, draws, seed, against);
    }

    /**
     * Mean over draws of the relative output distance between the model's width-n network and its simulation after
     * `steps` steps of batch B at learning rate mu.
     */
    public static double distance(Problem p, Model model, int n, int steps, int batch, double mu, int draws, long seed, Against against) {
        double tot = 0;
        for (int s = 0; s < draws; s++) {
            NetworkWeights w = NetworkWeights.random(seed + s, n, p.d0(), model.width(), p.dr(), model.gDepth());
            Function<InitialNetwork, LocalOutputs> make = against == Against.SIMULATOR
                    ? net -> new BottleneckSimulator(p, model, net, mu, KernelPath.best(), Workers.sequential())
                    : net -> new DirectSimulation(p, model, net, mu, true);
            LocalOutputs sim = make.apply(new InitialNetwork(w, model.activation(), false));
            FiniteNetwork fin = new FiniteNetwork(p, model, w, mu);
            BatchSchedule schedule = new BatchSchedule(p.train().size(), batch, seed + 1000 + s);
            for (int t = 0; t < steps; t++) {
                int[] b = schedule.next();
                sim.step(b);
                fin.step(b);
            }
            tot += relDist(concat(fin.outputs(Split.TRAIN), fin.outputs(Split.TEST)), concat(sim.outputs(Split.TRAIN), sim.outputs(Split.TEST)));
        }
        return tot / draws;
    }

    /** Least-squares slope of −log(value) against log(n): the exponent of a fall like n^(−exponent). */
    public static double exponent(int[] ns, double[] values) {
        double mx = 0, my = 0;
        for (int i = 0; i < ns.length; i++) {
            mx += Math.log(ns[i]) / ns.length;
            my += Math.log(values[i]) / ns.length;
        }
        double sxy = 0, sxx = 0;
        for (int i = 0; i < ns.length; i++) {
            sxy += (Math.log(ns[i]) - mx) * (Math.log(values[i]) - my);
            sxx += (Math.log(ns[i]) - mx) * (Math.log(ns[i]) - mx);
        }
        return -sxy / sxx;
    }

    static double[] concat(double[] x, double[] y) {
        double[] o = java.util.Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, o, x.length, y.length);
        return o;
    }

    /** ‖a − b‖ / ‖b‖. */
    public static double relDist(double[] a, double[] b) {
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }
        return Math.sqrt(num / den);
    }
}
