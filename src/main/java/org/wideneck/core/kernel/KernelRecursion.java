package org.wideneck.core.kernel;

/**
 * The layer recursion that composes an activation's one-layer kernels into those of deeper networks (SPEC §8.2),
 * with each input's own variance carried alongside:
 * <pre>
 *   Σ¹ = Θ¹ = c,   a₁ = a,   b₁ = b                                 (the inputs' moments: |ξ|²/d0, |ξ̃|²/d0, ξ·ξ̃/d0)
 *   Σ^(l+1) = Σ(a_l, b_l, Σ^l),   Σ̇^(l+1) = Σ̇(a_l, b_l, Σ^l),   a_(l+1) = Σ(a_l, a_l, a_l),  b likewise
 *   Θ^(l+1) = Σ^(l+1) + Σ̇^(l+1)·Θ^l
 *   Θ_g = Θ^(L+1),   Σ_g = Σ^(L+1)                                   (g with L hidden layers)
 *   Θ_∞ = Σ_f + Σ̇_f·(Σ_g + Θ_g),   (Σ_f, Σ̇_f) = (Σ, Σ̇)(a_(L+1), b_(L+1), Σ_g)   (the infinite bottleneck, f's φ)
 * </pre>
 * over one pair ({@link #theta}, {@link #thetaInfinity}: the references) and over blocks of pairs, a row at a time
 * through the activation's {@link Activation#sigmaRow} (so both paths perform the same operations).
 */
final class KernelRecursion {
    private KernelRecursion() {}

    /** {Σ_g, Θ_g, a_(L+1), b_(L+1)} of g with depth hidden layers, from the input moments. */
    static double[] theta(Activation act, int depth, double a, double b, double c) {
        double sig = c, th = c;
        for (int l = 0; l < depth; l++) {
            double s = act.sigma(a, b, sig), sd = act.sigmaDot(a, b, sig);
            th = s + sd * th;
            sig = s;
            a = act.sigmaDiag(a);
            b = act.sigmaDiag(b);
        }
        return new double[] {sig, th, a, b};
    }

    /** Θ_∞ of the infinite bottleneck over g with depth hidden layers, from the input moments. */
    static double thetaInfinity(Activation act, int depth, double a, double b, double c) {
        double[] g = theta(act, depth, a, b, c);
        double s = act.sigma(g[2], g[3], g[0]), sd = act.sigmaDot(g[2], g[3], g[0]);
        return s + sd * (g[0] + g[1]);
    }

    /**
     * Θ_g (withOutput false) or Θ_∞ (true) of every pair of a block.
     *
     * @param block modified: on entry the dot products ξ_i·ξ̃_j, on exit the kernel
     */
    static void block(Activation act, KernelPath path, int depth, boolean withOutput, double[] block, int rows, int cols,
                      double[] rowNorms, int rowOff, double[] colNorms, int colOff, int d0) {
        double invM = 1.0 / d0;
        double[][] bl = new double[depth + 1][cols];
        for (int j = 0; j < cols; j++) bl[0][j] = colNorms[colOff + j] * invM;
        for (int l = 1; l <= depth; l++) for (int j = 0; j < cols; j++) bl[l][j] = act.sigmaDiag(bl[l - 1][j]);
        double[] c = new double[cols], th = new double[cols], s = new double[cols], sd = new double[cols];
        for (int i = 0; i < rows; i++) {
            double a = rowNorms[rowOff + i] * invM;
            int o = i * cols;
            for (int j = 0; j < cols; j++) {
                c[j] = block[o + j] * invM;
                th[j] = c[j];
            }
            for (int l = 0; l < depth; l++) {
                act.sigmaRow(path, a, bl[l], c, s, sd, cols);
                for (int j = 0; j < cols; j++) {
                    th[j] = s[j] + sd[j] * th[j];
                    c[j] = s[j];
                }
                a = act.sigmaDiag(a);
            }
            if (!withOutput) {
                System.arraycopy(th, 0, block, o, cols);
                continue;
            }
            act.sigmaRow(path, a, bl[depth], c, s, sd, cols);
            for (int j = 0; j < cols; j++) block[o + j] = s[j] + sd[j] * (c[j] + th[j]);
        }
    }
}
