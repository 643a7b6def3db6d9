package org.wideneck.core.model;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.wideneck.core.checkpoint.CorruptCheckpointException;
import org.wideneck.core.checkpoint.StateInput;
import org.wideneck.core.checkpoint.StateOutput;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.dynamics.History;
import org.wideneck.core.dynamics.OutputFunction;
import org.wideneck.core.dynamics.Trajectory;
import org.wideneck.core.dynamics.UpdateSources;
import org.wideneck.core.finite.FiniteNetwork;
import org.wideneck.core.init.InfiniteOutputDraw;
import org.wideneck.core.init.InitialNetwork;
import org.wideneck.core.init.NetworkWeights;
import org.wideneck.core.kernel.KernelPath;
import org.wideneck.core.linalg.Gemm;
import org.wideneck.core.parallel.Workers;

/**
 * A trained run as a function of new points: F_T(ξ) at any inputs, the run's final outputs (SPEC §4). For
 * a bottleneck of width d
 * <pre>
 *   g_T(ξ) = g_0(ξ) − μ Σ_groups Σ_s Θ(ξ, ξ_s) h_s          (eq 42, the update sources as the test points got them)
 *   F_T(ξ) = f_0(g_T(ξ)) − μ Σ_{h∈H} K(g_T(ξ), x_h) χ_h       (eq 44, SPEC's erratum: f_0 at the moved embedding)
 * </pre>
 * for `inf` F_T(ξ) = F_0(ξ) − μ Σ Θ_∞(ξ, ξ_s) χ_s, and for the finite network the forward pass of its
 * trained weights (SPEC §6). The initial state is rebuilt from the run's seed and widths (SPEC §3), or from
 * weights it was given. The points are cut into the same fixed ranges as a run's test points, so a model
 * applied to the run's own test set gives that run's final test outputs bitwise; on other points it is
 * the same function, the same sums.
 *
 * <p>What it holds: the training inputs its update sources name (only those), the groups of sources, the
 * history (bottleneck), or the weights (finite). {@link #save} writes it with every double's exact bits.
 */
public final class TrainedModel implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum Kind { BOTTLENECK, INFINITE, FINITE }

    /**
     * How the initial state is rebuilt: g_0, f_0, J_0 from width-n weights drawn from seed, or F_0 of `inf`
     * from its width-m random features (SPEC §3); weights instead when the run was given them.
     */
    public record Init(long seed, int n, int m, boolean zeroOutput, NetworkWeights weights) implements Serializable {}

    private final Kind kind;
    private final int d0;
    private final int dr;
    private final int width;
    private final double mu;
    private final KernelPath path;
    private final Init init;
    private final int sourceRows;
    private final double[] sourceX;
    private final List<UpdateSources> groups;
    private final History history;
    private final NetworkWeights trained;
    private transient InitialNetwork net;
    private transient InfiniteOutputDraw draw;

    private TrainedModel(Kind kind, int d0, int dr, int width, double mu, KernelPath path, Init init, int sourceRows, double[] sourceX,
                         List<UpdateSources> groups, History history, NetworkWeights trained) {
        this.kind = kind;
        this.d0 = d0;
        this.dr = dr;
        this.width = width;
        this.mu = mu;
        this.path = path;
        this.init = init;
        this.sourceRows = sourceRows;
        this.sourceX = sourceX;
        this.groups = List.copyOf(groups);
        this.history = history;
        this.trained = trained;
    }

    /**
     * The model of a function-space run (bottleneck or `inf`) from its initial state and trajectory; train is
     * its training set, of which the model keeps the inputs its sources name (renumbered in order).
     */
    public static TrainedModel of(Init init, Trajectory t, Dataset train) {
        int n = train.size();
        boolean[] used = new boolean[n];
        for (UpdateSources u : t.groups()) for (int i = 0; i < u.count(); i++) used[u.index()[i]] = true;
        int[] renumber = new int[n];
        int rows = 0;
        for (int i = 0; i < n; i++) renumber[i] = used[i] ? rows++ : -1;
        int[] keep = new int[rows];
        for (int i = 0; i < n; i++) if (used[i]) keep[renumber[i]] = i;
        List<UpdateSources> groups = new ArrayList<>();
        for (UpdateSources u : t.groups()) {
            int[] idx = new int[u.count()];
            for (int i = 0; i < idx.length; i++) idx[i] = renumber[u.index()[i]];
            groups.add(new UpdateSources(u.count(), u.width(), idx, Arrays.copyOf(u.norm(), u.count()), Arrays.copyOf(u.h(), u.count() * u.width())));
        }
        return new TrainedModel(t.infinite() ? Kind.INFINITE : Kind.BOTTLENECK, train.d0(), train.dr(), t.width(), t.mu(), t.path(), init,
                rows, train.gatherX(keep, 0, rows), groups, t.history(), null);
    }

    /** The model of a finite-width network: its trained weights. */
    public static TrainedModel finite(NetworkWeights trained, double mu) {
        return new TrainedModel(Kind.FINITE, trained.d0(), trained.dr(), trained.d(), mu, KernelPath.best(), null, 0, new double[0], List.of(),
                null, trained.copy());
    }

    public Kind kind() {
        return kind;
    }

    public int d0() {
        return d0;
    }

    public int dr() {
        return dr;
    }

    /** d of a bottleneck or finite network; dr for `inf`. */
    public int width() {
        return width;
    }

    public double mu() {
        return mu;
    }

    /** The kernel loops the run used. */
    public KernelPath path() {
        return path;
    }

    public Init init() {
        return init;
    }

    /** Update sources in all groups (steps × B of a finished run). */
    public long sources() {
        long s = 0;
        for (UpdateSources u : groups) s += u.count();
        return s;
    }

    /** Groups of sources (evaluations of the run's test points). */
    public int groups() {
        return groups.size();
    }

    /** Training inputs the model keeps. */
    public int sourceRows() {
        return sourceRows;
    }

    /** |H| (0 but for a bottleneck). */
    public int historySize() {
        return history == null ? 0 : history.size();
    }

    /**
     * The kernel loops outputs are computed with here: the run's, unless it used the SIMD loops and this JVM
     * has no Vector API (then the scalar reference, which agrees to ~1e-12 rather than bitwise).
     */
    public KernelPath pathHere() {
        return path == KernelPath.SIMD && KernelPath.best() == KernelPath.SCALAR ? KernelPath.SCALAR : path;
    }

    /**
     * F_T at rows points (x: rows×d0), a fresh rows×dr array. Bitwise the same for any number of threads;
     * a point's value depends on its offset in x only through the fixed ranges of {@code Grains} (so blocks
     * that start at multiples of {@code Grains.POINT_BLOCK} give the same bits as the whole array).
     */
    public double[] outputs(double[] x, int rows, Workers workers) {
        if (x.length != (long) rows * d0) throw new IllegalArgumentException("x has " + x.length + " values, expected " + rows + "×" + d0);
        KernelPath p = pathHere();
        switch (kind) {
            case FINITE:
                return FiniteNetwork.forward(trained, x, rows);
            case INFINITE: {
                double[] f = init.zeroOutput() ? new double[rows * dr] : draw().at(x, rows, workers);
                apply(f, x, rows, true, p, workers);
                return f;
            }
            default: {
                double[] g = net().g0(x, rows, workers);
                apply(g, x, rows, false, p, workers);
                return OutputFunction.at(net(), history, mu, g, rows, p, workers);
            }
        }
    }

    /** The eq 42 groups applied to the state of rows points at x. Modifies state. */
    private void apply(double[] state, double[] x, int rows, boolean infinite, KernelPath p, Workers workers) {
        double[] norms = Gemm.rowSquaredNorms(x, rows, d0);
        for (UpdateSources u : groups) u.apply(state, x, norms, rows, sourceX, d0, mu, infinite, p, workers);
    }

    private synchronized InitialNetwork net() {
        if (net == null) {
            NetworkWeights w = init.weights() != null ? init.weights() : NetworkWeights.random(init.seed(), init.n(), d0, width, dr);
            net = new InitialNetwork(w, init.zeroOutput());
        }
        return net;
    }

    private synchronized InfiniteOutputDraw draw() {
        if (draw == null) draw = new InfiniteOutputDraw(init.seed(), init.m(), init.m(), d0, dr);
        return draw;
    }

    /** Writes the model, every double as its exact bits (read back with {@link #load}). */
    public void save(StateOutput out) throws IOException {
        out.tag("wideneck-model-v1");
        out.writeString(kind.name());
        out.writeInt(d0);
        out.writeInt(dr);
        out.writeInt(width);
        out.writeDouble(mu);
        out.writeString(path.name());
        out.writeBoolean(init != null);
        if (init != null) {
            out.writeLong(init.seed());
            out.writeInt(init.n());
            out.writeInt(init.m());
            out.writeBoolean(init.zeroOutput());
            writeWeights(out, init.weights());
        }
        out.tag("sources");
        out.writeInt(sourceRows);
        out.writeDoubles(sourceX);
        out.writeInt(groups.size());
        for (UpdateSources u : groups) {
            out.writeInt(u.count());
            out.writeInts(u.index(), u.count());
            out.writeDoubles(u.norm(), u.count());
            out.writeDoubles(u.h(), u.count() * u.width());
        }
        out.writeBoolean(history != null);
        if (history != null) history.save(out);
        writeWeights(out, trained);
    }

    /** A model as {@link #save} wrote it. */
    public static TrainedModel load(StateInput in) throws IOException {
        in.expect("wideneck-model-v1");
        Kind kind = named(Kind.class, in.readString());
        int d0 = in.readInt("d0", 1, Integer.MAX_VALUE), dr = in.readInt("dr", 1, Integer.MAX_VALUE);
        int width = in.readInt("width", 1, Integer.MAX_VALUE);
        double mu = in.readDouble();
        KernelPath path = named(KernelPath.class, in.readString());
        Init init = null;
        if (in.readBoolean()) {
            long seed = in.readLong();
            int n = in.readInt("init width", 1, Integer.MAX_VALUE), m = in.readInt("inf init width", 1, Integer.MAX_VALUE);
            boolean zero = in.readBoolean();
            init = new Init(seed, n, m, zero, readWeights(in));
        }
        in.expect("sources");
        int rows = in.readInt("source rows", 0, Integer.MAX_VALUE / Math.max(1, d0));
        double[] sx = in.readDoubles("source inputs", (long) rows * d0);
        int g = in.readInt("groups", 0, Integer.MAX_VALUE);
        int stateWidth = kind == Kind.INFINITE ? dr : width;
        List<UpdateSources> groups = new ArrayList<>(g);
        for (int k = 0; k < g; k++) {
            int count = in.readInt("sources in a group", 0, Integer.MAX_VALUE / stateWidth);
            groups.add(new UpdateSources(count, stateWidth, in.readInts("source indices", count, Math.max(1, rows)),
                    in.readDoubles("source norms", (long) count), in.readDoubles("source h", (long) count * stateWidth)));
        }
        History h = in.readBoolean() ? History.restore(in, width, dr) : null;
        NetworkWeights trained = readWeights(in);
        if ((kind == Kind.BOTTLENECK) != (h != null) || (kind == Kind.FINITE) != (trained != null) || (kind != Kind.FINITE) != (init != null)) {
            throw new CorruptCheckpointException("the parts of a " + kind + " model do not fit together");
        }
        return new TrainedModel(kind, d0, dr, width, mu, path, init, rows, sx, groups, h, trained);
    }

    private static <E extends Enum<E>> E named(Class<E> type, String name) throws CorruptCheckpointException {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new CorruptCheckpointException("'" + name + "' is not a " + type.getSimpleName());
        }
    }

    private static void writeWeights(StateOutput out, NetworkWeights w) throws IOException {
        out.writeBoolean(w != null);
        if (w == null) return;
        out.writeInt(w.n());
        out.writeInt(w.d0());
        out.writeInt(w.d());
        out.writeInt(w.dr());
        out.writeDoubles(w.w1());
        out.writeDoubles(w.w2());
        out.writeDoubles(w.u());
        out.writeDoubles(w.v());
    }

    private static NetworkWeights readWeights(StateInput in) throws IOException {
        if (!in.readBoolean()) return null;
        int n = in.readInt("n", 1, Integer.MAX_VALUE), d0 = in.readInt("d0", 1, Integer.MAX_VALUE);
        int d = in.readInt("d", 1, Integer.MAX_VALUE), dr = in.readInt("dr", 1, Integer.MAX_VALUE);
        return new NetworkWeights(n, d0, d, dr, in.readDoubles("W1", (long) n * d0), in.readDoubles("W2", (long) d * n),
                in.readDoubles("U", (long) n * d), in.readDoubles("V", (long) dr * n));
    }
}
