package org.wideneck.core.model;

/**
 * The per-example loss ℓ(F, y) a run minimises (the batch objective is its mean, SPEC §4, §8.3), and its
 * derivative χ_b = ∂(batch mean)/∂F_b:
 * <pre>
 *   MSE:            ℓ = ½|F − y|²,                χ_b = (F_b − y_b)/B
 *   CROSS_ENTROPY:  ℓ = −Σ_k y_k log softmax(F)_k,  χ_b = (softmax(F_b) − y_b)/B     (y a probability row)
 * </pre>
 * χ enters every update of the simulation linearly, so nothing else depends on the loss. Softmax and its log
 * are computed with the largest output subtracted, through {@link StrictMath} (the same bits on every machine).
 */
public enum Loss {
    MSE("mse"), CROSS_ENTROPY("cross-entropy");

    private final String label;

    Loss(String label) {
        this.label = label;
    }

    /** The name config files use ({@code train.loss}). */
    public String label() {
        return label;
    }

    /** The loss of that name. @throws IllegalArgumentException for an unknown name */
    public static Loss named(String name) {
        for (Loss l : values()) if (l.label.equals(name)) return l;
        throw new IllegalArgumentException("unknown loss '" + name + "' (known: mse, cross-entropy)");
    }

    /**
     * χ of one batch point: chi[chiOff + k] := ∂ℓ/∂F_k / batch, from the outputs f[fOff..] and targets y[yOff..] (dr
     * each). Modifies chi.
     */
    public void chi(double[] f, int fOff, double[] y, int yOff, int dr, int batch, double[] chi, int chiOff) {
        if (this == MSE) {
            for (int k = 0; k < dr; k++) chi[chiOff + k] = (f[fOff + k] - y[yOff + k]) / batch;
            return;
        }
        double max = max(f, fOff, dr), sum = 0;
        for (int k = 0; k < dr; k++) sum += StrictMath.exp(f[fOff + k] - max);
        for (int k = 0; k < dr; k++) chi[chiOff + k] = (StrictMath.exp(f[fOff + k] - max) / sum - y[yOff + k]) / batch;
    }

    /** ℓ of one example with outputs f[fOff..] and targets y[yOff..] (dr each). */
    public double value(double[] f, int fOff, double[] y, int yOff, int dr) {
        if (this == MSE) {
            double l = 0;
            for (int k = 0; k < dr; k++) {
                double e = f[fOff + k] - y[yOff + k];
                l += e * e;
            }
            return 0.5 * l;
        }
        double max = max(f, fOff, dr), sum = 0;
        for (int k = 0; k < dr; k++) sum += StrictMath.exp(f[fOff + k] - max);
        double logSum = max + StrictMath.log(sum), l = 0;
        for (int k = 0; k < dr; k++) if (y[yOff + k] != 0) l -= y[yOff + k] * (f[fOff + k] - logSum);
        return l;
    }

    /**
     * The mean loss over a batch of b points, from its outputs f (b×dr, before the step), its targets y (b×dr) and
     * its χ (b×dr). For MSE it is (B/2)·Σχ² (from χ alone, as the loss was always computed); for cross-entropy the
     * mean of {@link #value}.
     */
    public double batchMean(double[] f, double[] y, double[] chi, int b, int dr) {
        if (this == MSE) {
            double s = 0;
            for (double v : chi) s += v * v;
            return 0.5 * b * s;
        }
        double s = 0;
        for (int i = 0; i < b; i++) s += value(f, i * dr, y, i * dr, dr);
        return s / b;
    }

    /**
     * Why these targets cannot be used with this loss (one line), or null when they can: cross-entropy needs
     * every target row to be non-negative and to sum to 1 (within 1e-9).
     */
    public String refuseTargets(double[] y, int rows, int dr) {
        if (this == MSE) return null;
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int k = 0; k < dr; k++) {
                double v = y[i * dr + k];
                if (!(v >= 0)) return "target row " + i + " holds " + v + " (cross-entropy needs probability rows: non-negative, summing to 1)";
                s += v;
            }
            if (Math.abs(s - 1) > 1e-9) {
                return "target row " + i + " sums to " + s + " (cross-entropy needs probability rows: non-negative, summing to 1)";
            }
        }
        return null;
    }

    private static double max(double[] f, int off, int dr) {
        double m = f[off];
        for (int k = 1; k < dr; k++) m = Math.max(m, f[off + k]);
        return m;
    }
}
