package org.wideneck.core.kernel;

/**
 * Which implementation of the blocked kernel loops a simulator uses: {@link #SIMD} ({@link VectorKernels},
 * needs {@code jdk.incubator.vector}) or {@link #SCALAR} (the reference loops of {@link KernelBlocks}).
 * Each method modifies the arrays its {@link KernelBlocks} counterpart names.
 */
public enum KernelPath {
    SIMD, SCALAR;

    /** SIMD when the Vector API is present (and {@code -Dwideneck.scalar} is not set), else SCALAR. */
    public static KernelPath best() {
        return KernelBlocks.VECTORIZED ? SIMD : SCALAR;
    }

    public void ntkInPlace(double[] block, int rows, int cols, double[] rowNorms, int rowOff, double[] colNorms, int colOff, int m) {
        if (this == SIMD) VectorKernels.ntkInPlace(block, rows, cols, rowNorms, rowOff, colNorms, colOff, m);
        else KernelBlocks.ntkInPlaceScalar(block, rows, cols, rowNorms, rowOff, colNorms, colOff, m);
    }

    public void ntkAndXi(double[] block, double[] alpha, double[] beta, int rows, int cols, double[] rowNorms, int rowOff,
                         double[] colNorms, int colOff, int m) {
        if (this == SIMD) VectorKernels.ntkAndXi(block, alpha, beta, rows, cols, rowNorms, rowOff, colNorms, colOff, m);
        else KernelBlocks.ntkAndXiScalar(block, alpha, beta, rows, cols, rowNorms, rowOff, colNorms, colOff, m);
    }

    public void thetaInfInPlace(double[] block, int rows, int cols, double[] rowNorms, int rowOff, double[] colNorms, int colOff, int d0) {
        if (this == SIMD) VectorKernels.thetaInfInPlace(block, rows, cols, rowNorms, rowOff, colNorms, colOff, d0);
        else KernelBlocks.thetaInfInPlaceScalar(block, rows, cols, rowNorms, rowOff, colNorms, colOff, d0);
    }
}
