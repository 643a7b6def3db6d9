package org.wideneck.core.kernel;

import java.io.Serializable;
import java.util.List;

/**
 * An activation φ and the kernels of an infinitely wide layer of it, in closed form (SPEC §2 for ReLU, §8.1 for
 * erf). The kernels take the normalised moments of a pair of pre-activation vectors x, y of dimension m —
 * {@code a = |x|²/m}, {@code b = |y|²/m}, {@code c = x·y/m} — and give
 * <pre>
 *   Σ(a, b, c)  = E[φ(u) φ(v)]      NNGP of one layer, (u, v) ~ N(0, [[a, c], [c, b]])
 *   Σ̇(a, b, c)  = E[φ'(u) φ'(v)]    derivative kernel
 *   K = c·Σ̇ + Σ                    NTK of one hidden layer (K of f with m = d; Θ of a one-layer g with m = d0)
 *   Ξ(x, y) = ∂K(x, y)/∂x = α·y + β·x                                    (eq 13, eq 46)
 *   Σ_(1)(x, y) = ∂Σ(x, y)/∂y,   Σ_(2)(x, y) = ∂²Σ(x, y)/∂x∂y            (lemma 3.1, eqs 8–11)
 * </pre>
 * Deeper networks compose these by the recursion of {@link KernelRecursion}. Each activation also applies φ and
 * φ' to blocks of pre-activations (the random-feature networks of SPEC §3 and the finite network of §6) and
 * evaluates its kernels over blocks of pairs on two paths ({@link KernelPath}): SIMD lanes, and a scalar
 * reference with the same operations. A new activation is one class implementing this interface, registered in
 * {@link #named}, with its tests (closed forms against finite differences and Monte Carlo, SIMD against scalar).
 */
public interface Activation extends Serializable {
    /** The name config files use ({@code model.activation}). */
    String name();

    /** The activations the project has, by name. */
    static List<String> names() {
        return List.of(Relu.NAME, Erf.NAME);
    }

    /** The activation of that name. @throws IllegalArgumentException for an unknown name */
    static Activation named(String name) {
        return switch (name) {
            case Relu.NAME -> Relu.INSTANCE;
            case Erf.NAME -> Erf.INSTANCE;
            default -> throw new IllegalArgumentException("unknown activation '" + name + "' (known: " + String.join(", ", names()) + ")");
        };
    }

    /** φ(z). */
    double phi(double z);

    /** φ'(z) (ReLU: 1 for z &gt; 0, else 0, the symmetric subgradient's convention at 0). */
    double phiPrime(double z);

    /** z[off + i] := φ(z[off + i]) for i in [0, len). Modifies z. */
    void phiInPlace(double[] z, int off, int len);

    /** target[tOff + i] := target[tOff + i]·φ'(z[zOff + i]) for i in [0, len). Modifies target only. */
    void timesPhiPrime(double[] z, int zOff, double[] target, int tOff, int len);

    /** Σ(a, b, c). */
    double sigma(double a, double b, double c);

    /** Σ̇(a, b, c). */
    double sigmaDot(double a, double b, double c);

    /** Σ(a, a, a): the variance of φ(u), u ~ N(0, a) (the next layer's a in the recursion). */
    double sigmaDiag(double a);

    /** K = c·Σ̇ + Σ of one hidden layer (the reference of the blocked loops). */
    double ntk(double a, double b, double c);

    /**
     * The coefficients of Ξ(x, y) = α·y + β·x for vectors of dimension m.
     *
     * @param out modified: out[0] = α, out[1] = β
     */
    void xi(double a, double b, double c, int m, double[] out);

    /** Σ_(1)(x, y) = Cov(f(x), J(y)) = ∂Σ(x, y)/∂y ∈ R^m, for one output row of a layer of width → ∞. */
    double[] sigma1(double[] x, double[] y);

    /** Σ_(2)(x, y) = Cov(J(x), J(y)) ∈ R^{m×m}; element [i][j] is Cov(J^i(x), J^j(y)). */
    double[][] sigma2(double[] x, double[] y);

    /**
     * K of every pair: block[i·cols + j] := K(x_i, y_j).
     *
     * @param block    modified: on entry the dot products x_i·y_j, on exit the kernel values
     * @param rowNorms |x_i|² (not divided by m), from rowOff
     * @param colNorms |y_j|², from colOff
     * @param m        the vectors' dimension
     */
    void ntkBlock(KernelPath path, double[] block, int rows, int cols, double[] rowNorms, int rowOff, double[] colNorms, int colOff,
                  int m);

    /**
     * K, and the coefficients α, β of Ξ(x_i, y_j) = α·y_j + β·x_i, for every pair.
     *
     * @param block modified: on entry the dot products, on exit K
     * @param alpha modified: α of every pair (rows×cols)
     * @param beta  modified: β of every pair (rows×cols)
     */
    void ntkAndXiBlock(KernelPath path, double[] block, double[] alpha, double[] beta, int rows, int cols, double[] rowNorms,
                       int rowOff, double[] colNorms, int colOff, int m);

    /**
     * One step of the layer recursion over a row: sigma[j] := Σ(a, b[j], c[j]) and dot[j] := Σ̇(a, b[j], c[j]) for j in
     * [0, len), with exactly the operations of {@link #sigma} and {@link #sigmaDot}. Modifies sigma and dot.
     */
    void sigmaRow(KernelPath path, double a, double[] b, double[] c, double[] sigma, double[] dot, int len);

    /**
     * Θ_∞ of a one-hidden-layer g over a block with a loop of this activation's own ({@link InfiniteBottleneckKernel});
     * false when it has none (the generic recursion is used). Modifies block when it returns true.
     */
    default boolean thetaInfinityBlock(KernelPath path, double[] block, int rows, int cols, double[] rowNorms, int rowOff,
                                       double[] colNorms, int colOff, int d0) {
        return false;
    }

    /** Θ_∞ of a one-hidden-layer g for this activation's own loop, from input moments (its reference); NaN when it has none. */
    default double thetaInfinity(double a0, double b0, double c0) {
        return Double.NaN;
    }

    /** Moments (a, b, c) of two vectors of dimension m. */
    static double[] moments(double[] x, double[] y) {
        int m = x.length;
        double xx = 0, yy = 0, xy = 0;
        for (int i = 0; i < m; i++) {
            xx += x[i] * x[i];
            yy += y[i] * y[i];
            xy += x[i] * y[i];
        }
        return new double[] {xx / m, yy / m, xy / m};
    }
}
