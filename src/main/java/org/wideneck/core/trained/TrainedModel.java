package org.wideneck.core.trained;

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
import org.wideneck.core.dynamics.Points;
import org.wideneck.core.dynamics.StateUpdate;
import org.wideneck.core.dynamics.Trajectory;
import org.wideneck.core.dynamics.UpdateSources;
import org.wideneck.core.finite.FiniteNetwork;
import org.wideneck.core.init.InfiniteOutputDraw;
import org.wideneck.core.init.InitSettings;
import org.wideneck.core.init.InitialNetwork;
import org.wideneck.core.init.NetworkWeights;
import org.wideneck.core.kernel.Activation;
import org.wideneck.core.kernel.KernelPath;
import org.wideneck.core.kernel.Relu;
import org.wideneck.core.linalg.Gemm;
import org.wideneck.core.model.Loss;
import org.wideneck.core.model.Model;
import org.wideneck.core.model.Momentum;
import org.wideneck.core.parallel.Workers;

/**
 * A trained run as a function of new points: F_T(ξ) at any inputs, the run's final outputs (SPEC §4, §8). For a
 * bottleneck of width d
 * <pre>
 *   g_T(ξ) = g_0(ξ) − μ Σ_groups Σ_s c(T − s)·Θ(ξ, ξ_s) h_s           (eq 42, the update sources as the test points got them)
 *   F_T(ξ) = f_0(g_T(ξ)) − μ Σ_{h∈H} c(T − s_h)·K(g_T(ξ), x_h) χ_h      (eq 44, SPEC's erratum: f_0 at the moved embedding)
 * </pre>
 * (c ≡ 1 without momentum) for `inf` F_T(ξ) = F_0(ξ) − μ Σ c(T − s)·Θ_∞(ξ, ξ_s) χ_s, and for the finite network the
 * forward pass of its trained weights (SPEC §6). The initial state is rebuilt from the run's seed and widths (SPEC §3),
 * or from weights it was given. The points are cut into the same fixed ranges as a run's test points, so a model
 * applied to the run's own test set gives that run's final test outputs bitwise; on other points it is the same
 * function, the same sums.
 *
 * <p>What it holds: the model, the training inputs its update sources name (only those), the groups of sources, the
 * history (bottleneck), or the weights (finite). {@link #save} writes it with every double's exact bits.
 */
public final class TrainedModel implements Serializable {
    private static final long serialVersionUID = 2L;

    public enum Kind { BOTTLENECK, INFINITE, FINITE }

    private final Kind kind;
    private final Model model;
    private final int d0;
    private final int dr;
    private final double mu;
    private final KernelPath path;
    private final InitSettings init;
    private final int steps;
    private final int sourceRows;
    private final double[] sourceX;
    private final List<UpdateSources> groups;
    private final History history;
    private final NetworkWeights trained;
    private transient InitialNetwork net;
    private transient InfiniteOutputDraw draw;

    private TrainedModel(Kind kind, Model model, int d0, int dr, double mu, KernelPath path, InitSettings init, int steps, int sourceRows,
                         double[] sourceX, List<UpdateSources> groups, History history, NetworkWeights trained) {
        this.kind = kind;
        this.model = model;
        this.d0 = d0;
        this.dr = dr;
        this.mu = mu;
        this.path = path;
        this.init = init;
        this.steps = steps;
        this.sourceRows = sourceRows;
        this.sourceX = sourceX;
        this.groups = List.copyOf(groups);
        this.history = history;
        this.trained = trained;
    }

    /**
     * The model of a function-space run (bottleneck or `inf`) from its model, initial state and trajectory; train is its
     * training set, of which the model keeps the inputs its sources name (renumbered in order).
     */
    public static TrainedModel of(Model model, InitSettings init, Trajectory t, Dataset train) {
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
            groups.add(new UpdateSources(u.count(), u.width(), idx, Arrays.copyOf(u.norm(), u.count()), Arrays.copyOf(u.h(), u.count() * u.width()),
                    Arrays.copyOf(u.step(), u.count()), u.from(), u.to()));
        }
        StateUpdate rule = t.model().update();
        return new TrainedModel(model.infinite() ? Kind.INFINITE : Kind.BOTTLENECK, model, train.d0(), train.dr(), rule.mu(),
                rule.kernel().path(), init, t.steps(), rows, train.gatherX(keep, 0, rows), groups, t.history(), null);
    }

    /** The model of a finite-width network: its trained weights. */
    public static TrainedModel finite(Model model, NetworkWeights trained, double mu) {
        return new TrainedModel(Kind.FINITE, model, trained.d0(), trained.dr(), mu, KernelPath.best(), null, 0, 0, new double[0], List.of(),
                null, trained.copy());
    }

    public Kind kind() {
        return kind;
    }

    /** The network the run trained (activation, depth of g, loss, momentum, width). */
    public Model model() {
        return model;
    }

    public int d0() {
        return d0;
    }

    public int dr() {
        return dr;
    }

    /** d of a bottleneck or finite network; dr for `inf`. */
    public int width() {
        return kind == Kind.INFINITE ? dr : model.width();
    }

    public double mu() {
        return mu;
    }

    /** The kernel loops the run used. */
    public KernelPath path() {
        return path;
    }

    public InitSettings init() {
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
     * The kernel loops outputs are computed with here: the run's, unless it used the SIMD loops and this JVM has no
     * Vector API (then the scalar reference, which agrees to ~1e-12 rather than bitwise).
     */
    public KernelPath pathHere() {
        return path == KernelPath.SIMD && KernelPath.best() == KernelPath.SCALAR ? KernelPath.SCALAR : path;
    }

    /**
     * F_T at rows points (x: rows×d0), a fresh rows×dr array. Bitwise the same for any number of threads; a point's
     * value depends on its offset in x only through the fixed ranges of {@code Grains} (so blocks that start at
     * multiples of {@code Grains.POINT_BLOCK} give the same bits as the whole array).
     */
    public double[] outputs(double[] x, int rows, Workers workers) {
        if (x.length != (long) rows * d0) throw new IllegalArgumentException("x has " + x.length + " values, expected " + rows + "×" + d0);
        KernelPath p = pathHere();
        switch (kind) {
            case FINITE:
                return FiniteNetwork.forward(trained, model.activation(), x, rows);
            case INFINITE: {
                StateUpdate rule = new StateUpdate(model.inputKernel(p), dr, mu, model.momentum());
                double[] f = init.zeroOutput() ? new double[rows * dr] : draw().at(x, rows, workers);
                return rule.values(apply(rule.held(f, rows), x, rows, rule, workers), rows);
            }
            default: {
                StateUpdate rule = new StateUpdate(model.inputKernel(p), model.width(), mu, model.momentum());
                double[] g = rule.values(apply(rule.held(net().g0(x, rows, workers), rows), x, rows, rule, workers), rows);
                return new OutputFunction(net(), model.outputKernel(p), mu, model.momentum()).at(history, steps, g, rows, workers);
            }
        }
    }

    /** The eq 42 groups applied to the held state of rows points at x. Modifies state; returns it. */
    private double[] apply(double[] state, double[] x, int rows, StateUpdate rule, Workers workers) {
        Points targets = new Points(x, Gemm.rowSquaredNorms(x, rows, d0), rows, d0);
        for (UpdateSources u : groups) u.apply(state, targets, sourceX, rule, workers);
        return state;
    }

    private synchronized InitialNetwork net() {
        if (net == null) net = init.networkFor(model, d0, dr);
        return net;
    }

    private synchronized InfiniteOutputDraw draw() {
        if (draw == null) draw = init.infiniteDrawFor(model, d0, dr);
        return draw;
    }

    /** Writes the model, every double as its exact bits (read back with {@link #load}). */
    public void save(StateOutput out) throws IOException {
        out.tag("wideneck-model-v2");
        out.writeString(kind.name());
        out.writeString(model.activation().name());
        out.writeInt(model.gDepth());
        out.writeString(model.loss().label());
        out.writeDouble(model.momentum().beta());
        out.writeInt(model.width());
        out.writeInt(d0);
        out.writeInt(dr);
        out.writeDouble(mu);
        out.writeString(path.name());
        out.writeInt(steps);
        out.writeBoolean(init != null);
        if (init != null) {
            out.writeLong(init.seed());
            out.writeInt(init.width());
            out.writeInt(init.infWidth());
            out.writeBoolean(init.zeroOutput());
            writeWeights(out, init.weights());
        }
        out.tag("sources");
        out.writeInt(sourceRows);
        out.writeDoubles(sourceX);
        out.writeInt(groups.size());
        for (UpdateSources u : groups) u.save(out);
        out.writeBoolean(history != null);
        if (history != null) history.save(out);
        writeWeights(out, trained);
    }

    /** A model as {@link #save} wrote it. */
    public static TrainedModel load(StateInput in) throws IOException {
        in.expect("wideneck-model-v2");
        Kind kind = named(Kind.class, in.readString());
        Activation act;
        Loss loss;
        Model model;
        try {
            act = Activation.named(in.readString());
            int depth = in.readInt("g-depth", 1, 1000);
            loss = Loss.named(in.readString());
            double beta = in.readDouble();
            int width = in.readInt("width", 1, Integer.MAX_VALUE);
            model = new Model(width, act, depth, loss, new Momentum(beta));
        } catch (IllegalArgumentException e) {
            throw new CorruptCheckpointException(e.getMessage());
        }
        int d0 = in.readInt("d0", 1, Integer.MAX_VALUE), dr = in.readInt("dr", 1, Integer.MAX_VALUE);
        double mu = in.readDouble();
        KernelPath path = named(KernelPath.class, in.readString());
        int steps = in.readInt("steps", 0, Integer.MAX_VALUE);
        InitSettings init = null;
        if (in.readBoolean()) {
            long seed = in.readLong();
            int n = in.readInt("init width", 1, Integer.MAX_VALUE), m = in.readInt("inf init width", 1, Integer.MAX_VALUE);
            boolean zero = in.readBoolean();
            init = new InitSettings(seed, n, m, zero, readWeights(in));
        }
        in.expect("sources");
        int rows = in.readInt("source rows", 0, Integer.MAX_VALUE / Math.max(1, d0));
        double[] sx = in.readDoubles("source inputs", (long) rows * d0);
        int g = in.readInt("groups", 0, Integer.MAX_VALUE);
        int stateWidth = kind == Kind.INFINITE ? dr : model.width();
        List<UpdateSources> groups = new ArrayList<>(g);
        for (int k = 0; k < g; k++) groups.add(UpdateSources.read(in, stateWidth, rows));
        History h = in.readBoolean() ? History.restore(in, model.width(), dr) : null;
        NetworkWeights trained = readWeights(in);
        if ((kind == Kind.BOTTLENECK) != (h != null) || (kind == Kind.FINITE) != (trained != null) || (kind != Kind.FINITE) != (init != null)
                || (kind == Kind.INFINITE) != model.infinite()) {
            throw new CorruptCheckpointException("the parts of a " + kind + " model do not fit together");
        }
        return new TrainedModel(kind, model, d0, dr, mu, path, init, steps, rows, sx, groups, h, trained);
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
        out.writeInt(w.gDepth());
        for (double[] layer : w.g()) out.writeDoubles(layer);
        out.writeDoubles(w.u());
        out.writeDoubles(w.v());
    }

    private static NetworkWeights readWeights(StateInput in) throws IOException {
        if (!in.readBoolean()) return null;
        int n = in.readInt("n", 1, Integer.MAX_VALUE), d0 = in.readInt("d0", 1, Integer.MAX_VALUE);
        int d = in.readInt("d", 1, Integer.MAX_VALUE), dr = in.readInt("dr", 1, Integer.MAX_VALUE);
        int depth = in.readInt("g-depth", 1, 1000);
        double[][] g = new double[depth + 1][];
        for (int l = 0; l <= depth; l++) {
            g[l] = in.readDoubles(NetworkWeights.layerName(l),
                    (long) NetworkWeights.layerRows(l, depth, n, d) * NetworkWeights.layerCols(l, n, d0));
        }
        return new NetworkWeights(n, d0, d, dr, g, in.readDoubles("U", (long) n * d), in.readDoubles("V", (long) dr * n));
    }

}
