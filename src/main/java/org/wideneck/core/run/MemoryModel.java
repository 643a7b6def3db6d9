package org.wideneck.core.run;

import java.util.ArrayList;
import java.util.List;
import org.wideneck.core.data.Problem;
import org.wideneck.core.loop.TrainSettings;
import org.wideneck.core.model.Model;

/**
 * What a run holds in memory at its end, from SPEC §4's objects, in bytes (doubles of 8 bytes), with R = steps·B
 * history rows, N + N_t points, n hidden units, L hidden layers of g:
 * <pre>
 *   bottleneck d:  R·(3d + dr + d0 + 3)             the history (x, its SIMD panels, χ, |x|², step) and the eq 42
 *                                                  update sources (ξ, the J-terms, |ξ|²) kept for lazy updates and models
 *                  + (N + N_t)·d·(1 + [β &gt; 0])      the points' states (and velocities)
 *                  + n·(d0 + d + dr) + (L − 1)·n²   the initial network
 *   inf:           R·(d0 + dr + 2) + (N + N_t)·dr·(1 + [β &gt; 0]), and m·(d0 + (L − 1)·m) while F₀ is drawn
 *   finite width:  (n·(d0 + d + dr) + (L − 1)·n²)·(2 + [β &gt; 0])  weights, gradients (and velocities)
 * </pre>
 * plus each thread's work blocks. The data themselves, (N + N_t)·(d0 + dr), are held once per JVM ({@link #dataBytes}).
 * {@link #arrays} names the single arrays a run allocates whole, which must each fit a Java array.
 */
public final class MemoryModel {
    /** The longest double[] a JVM allocates. */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 16L;

    private MemoryModel() {}

    /** One array a run allocates whole: what it holds, and its length in doubles. */
    public record Array(String what, double length) {}

    /** Bytes of a run at its end (its largest), besides the data. */
    public static double bytes(RunPlan plan, Problem p) {
        TrainSettings s = plan.train();
        Model m = plan.model();
        double rows = (double) s.steps() * s.batchSize(), pts = (double) p.train().size() + p.test().size();
        double d0 = p.d0(), dr = p.dr(), depth = m.gDepth(), mom = m.momentum().active() ? 1 : 0;
        double work = (double) plan.threads() * 2 * 64 * Math.max(plan.init().width(), 2048);
        if (plan.finiteNetwork()) {
            double n = plan.init().width(), d = m.width();
            return 8 * ((n * (d0 + d + dr) + (depth - 1) * n * n) * (2 + mom) + work);
        }
        if (m.infinite()) {
            double mm = plan.init().infWidth();
            double draw = plan.init().zeroOutput() ? 0 : mm * (d0 + (depth - 1) * mm);
            return 8 * (rows * (d0 + dr + 2) + pts * dr * (1 + mom) + draw + work);
        }
        double n = plan.init().width(), d = m.width();
        return 8 * (rows * (3 * d + dr + d0 + 3) + pts * d * (1 + mom) + n * (d0 + d + dr) + (depth - 1) * n * n + work);
    }

    /** Bytes of the data, held once per JVM. */
    public static double dataBytes(Problem p) {
        return 8.0 * ((double) p.train().size() + p.test().size()) * (p.d0() + p.dr());
    }

    /** The arrays a run allocates whole (the history grows in chunks and is not among them). */
    public static List<Array> arrays(RunPlan plan, Problem p) {
        Model m = plan.model();
        double n = plan.init().width(), d0 = p.d0(), dr = p.dr(), ntr = p.train().size(), nte = p.test().size();
        double stride = m.momentum().active() ? 2 : 1;
        List<Array> out = new ArrayList<>();
        if (plan.finiteNetwork() || !m.infinite()) {
            double d = m.width();
            out.add(new Array("W1 (n × d0 = " + (long) n + " × " + (long) d0 + ")", n * d0));
            out.add(new Array("the embedding layer (d × n = " + (long) d + " × " + (long) n + ")", d * n));
            if (m.gDepth() > 1) out.add(new Array("a hidden layer of g (n × n = " + (long) n + " × " + (long) n + ")", n * n));
            if (!plan.finiteNetwork()) {
                out.add(new Array("the training points' states (N × d = " + (long) ntr + " × " + (long) d + ")", ntr * d * stride));
                out.add(new Array("the test points' states (N_t × d = " + (long) nte + " × " + (long) d + ")", nte * d * stride));
            }
        } else {
            double mm = plan.init().infWidth();
            if (!plan.init().zeroOutput()) {
                out.add(new Array("the inf draw's first layer (m × d0 = " + (long) mm + " × " + (long) d0 + ")", mm * d0));
                if (m.gDepth() > 1) out.add(new Array("the inf draw's hidden layer (m × m = " + (long) mm + " × " + (long) mm + ")", mm * mm));
            }
            out.add(new Array("the training outputs (N × dr)", ntr * dr * stride));
        }
        return out;
    }
}
