package org.wideneck.core.kernel;

/**
 * Θ_∞, the NTK of f∘g when the bottleneck is infinite too (SPEC §2, "infinite bottleneck"; §8.2 in general):
 * <pre>
 *   q = Σ_g(ξ, ξ̃),   q_a = Σ_g(ξ, ξ),   q_b = Σ_g(ξ̃, ξ̃),   (Σ_f, Σ̇_f) = (Σ, Σ̇)(q_a, q_b, q)
 *   Θ_∞(ξ, ξ̃) = Σ_f + Σ̇_f · (q + Θ_g(ξ, ξ̃))
 * </pre>
 * with g of {@code depth} hidden layers and f of one, both of φ = {@code activation}. An activation may have a loop of
 * its own for depth 1 ({@link Activation#thetaInfinityBlock}, ReLU's); otherwise {@link KernelRecursion} composes
 * its one-layer kernels.
 *
 * @param path the loops blocks are evaluated on
 */
public record InfiniteBottleneckKernel(Activation activation, int depth, KernelPath path) implements InputKernel {
    public InfiniteBottleneckKernel {
        if (depth < 1) throw new IllegalArgumentException("g needs at least one hidden layer, got depth " + depth);
    }

    @Override
    public double value(double a0, double b0, double c0) {
        if (depth == 1) {
            double own = activation.thetaInfinity(a0, b0, c0);
            if (!Double.isNaN(own)) return own;
        }
        return KernelRecursion.thetaInfinity(activation, depth, a0, b0, c0);
    }

    @Override
    public void inPlace(double[] block, int rows, int cols, double[] rowNorms, int rowOff, double[] colNorms, int colOff, int d0) {
        if (depth == 1 && activation.thetaInfinityBlock(path, block, rows, cols, rowNorms, rowOff, colNorms, colOff, d0)) return;
        KernelRecursion.block(activation, path, depth, true, block, rows, cols, rowNorms, rowOff, colNorms, colOff, d0);
    }
}
