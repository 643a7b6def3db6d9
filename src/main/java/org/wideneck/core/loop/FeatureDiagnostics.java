package org.wideneck.core.loop;

import java.io.IOException;
import java.util.Arrays;
import org.wideneck.core.checkpoint.StateInput;
import org.wideneck.core.checkpoint.StateOutput;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.init.Seeds;
import org.wideneck.core.kernel.InputKernel;
import org.wideneck.core.kernel.KernelPath;
import org.wideneck.core.linalg.Gemm;
import org.wideneck.core.model.Model;

/**
 * Feature-learning diagnostics at each evaluation, on a fixed seeded subset of at most {@link #MAX_POINTS}
 * training points:
 * <ul>
 *   <li>the relative movement of the bottleneck embedding, ‖g_t − g_0‖ / ‖g_0‖ (Frobenius over the subset);</li>
 *   <li>the centered kernel alignment of the learned kernel K(g_t(ξ_i), g_t(ξ_j)) (K of f: SPEC §2, §8.1, m = d) with the
 *   targets' Y Yᵀ: CKA = ⟨K_c, L_c⟩ / (‖K_c‖ ‖L_c‖), K_c = H K H, L_c = H Y Yᵀ H, H = I − 11ᵀ/m.</li>
 * </ul>
 * For `inf` there is no embedding; the alignment is that of Θ_∞(ξ_i, ξ_j), constant by construction.
 */
public final class FeatureDiagnostics {
    public static final int MAX_POINTS = 1000;

    /** One evaluation's diagnostics; movement is NaN for `inf`. */
    public record FeaturePoint(int step, double embeddingMovement, double kernelAlignment) implements java.io.Serializable {}

    private final int[] rows;
    private final int m;
    private final double[] yc; // centered targets of the subset, m×dr
    private final int dr;
    private final double yNorm; // ‖Y_cᵀ Y_c‖_F = ‖L_c‖_F
    private final Model model;
    private double[] g0;
    private double infAlignment = Double.NaN;

    public FeatureDiagnostics(Dataset train, long seed, Model model) {
        this.model = model;
        int n = train.size();
        this.m = Math.min(MAX_POINTS, n);
        int[] perm = Seeds.permutation(Seeds.stream(seed, "features", n), n);
        this.rows = Arrays.copyOf(perm, m);
        Arrays.sort(rows);
        this.dr = train.dr();
        this.yc = train.gatherY(rows, 0, m);
        for (int k = 0; k < dr; k++) {
            double mean = 0;
            for (int i = 0; i < m; i++) mean += yc[i * dr + k] / m;
            for (int i = 0; i < m; i++) yc[i * dr + k] -= mean;
        }
        double[] yty = new double[dr * dr];
        for (int i = 0; i < m; i++) for (int a = 0; a < dr; a++) for (int b = 0; b < dr; b++) yty[a * dr + b] += yc[i * dr + a] * yc[i * dr + b];
        double s = 0;
        for (double v : yty) s += v * v;
        this.yNorm = Math.sqrt(s);
    }

    /** Writes what earlier evaluations fixed (g_0 of the subset, the `inf` alignment), for a checkpoint. */
    void save(StateOutput out) throws IOException {
        out.tag("features");
        out.writeBoolean(g0 != null);
        if (g0 != null) out.writeDoubles(g0);
        out.writeDouble(infAlignment);
    }

    /** Restores what {@link #save} wrote (modifies this). */
    void restore(StateInput in) throws IOException {
        in.expect("features");
        g0 = in.readBoolean() ? in.readDoubles("features g_0", Integer.MAX_VALUE - 8) : null;
        infAlignment = in.readDouble();
    }

    /** The training rows the diagnostics use. */
    public int[] rows() {
        return rows.clone();
    }

    /** Diagnostics from the embeddings g_t at rows() (m×d); the first call fixes g_0. */
    public FeaturePoint at(int step, double[] g, int d) {
        if (g0 == null) g0 = g.clone();
        double num = 0, den = 0;
        for (int i = 0; i < g.length; i++) {
            num += (g[i] - g0[i]) * (g[i] - g0[i]);
            den += g0[i] * g0[i];
        }
        double[] gram = new double[m * m];
        Gemm.abt(m, m, d, 1.0 / d, g, 0, g, 0, 0.0, gram, 0);
        double[] k = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) k[i * m + j] = model.activation().ntk(gram[i * m + i], gram[j * m + j], gram[i * m + j]);
        }
        return new FeaturePoint(step, den > 0 ? Math.sqrt(num / den) : Double.NaN, alignment(k));
    }

    /** Diagnostics of `inf`: the alignment of Θ_∞ on the subset's inputs (computed once). */
    public FeaturePoint atInfinite(int step, Dataset train) {
        if (Double.isNaN(infAlignment)) {
            int d0 = train.d0();
            double[] x = train.gatherX(rows, 0, m);
            double[] gram = new double[m * m];
            Gemm.abt(m, m, d0, 1.0 / d0, x, 0, x, 0, 0.0, gram, 0);
            double[] k = new double[m * m];
            InputKernel theta = model.inputKernel(KernelPath.SCALAR);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) k[i * m + j] = theta.value(gram[i * m + i], gram[j * m + j], gram[i * m + j]);
            }
            infAlignment = alignment(k);
        }
        return new FeaturePoint(step, Double.NaN, infAlignment);
    }

    /** CKA of the m×m kernel matrix k with Y Yᵀ (modifies k: centered in place). */
    double alignment(double[] k) {
        double[] rowMean = new double[m];
        double all = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) rowMean[i] += k[i * m + j] / m;
            all += rowMean[i] / m;
        }
        for (int i = 0; i < m; i++) for (int j = 0; j < m; j++) k[i * m + j] += all - rowMean[i] - rowMean[j];
        double kk = 0, kl = 0;
        for (double v : k) kk += v * v;
        // ⟨K_c, Y_c Y_cᵀ⟩ = Σ_a (Y_c[:,a])ᵀ K_c Y_c[:,a]
        for (int a = 0; a < dr; a++) {
            for (int i = 0; i < m; i++) {
                double s = 0;
                for (int j = 0; j < m; j++) s += k[i * m + j] * yc[j * dr + a];
                kl += yc[i * dr + a] * s;
            }
        }
        return kk > 0 && yNorm > 0 ? kl / (Math.sqrt(kk) * yNorm) : Double.NaN;
    }
}
