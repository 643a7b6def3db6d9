package org.wideneck.core.linalg;

/**
 * φ(z) = max(z, 0) of SPEC §3 and its derivative mask, in place on {@code double[]} blocks. A lane is kept
 * where z &gt; 0 and set to +0.0 otherwise (so −0.0 and NaN become +0.0) — the same bits on the SIMD path
 * ({@code jdk.incubator.vector}, a compare and a blend: the scalar loop's data-dependent branch mispredicts
 * on about half of the lanes and cost a quarter of an evaluation pass) and on the scalar path.
 */
public final class Relu {
    /** Whether the SIMD path is in use (fixed at class load). */
    public static final boolean VECTORIZED = vectorAvailable();

    private Relu() {}

    private static boolean vectorAvailable() {
        if (!Simd.moduleUsable()) return false;
        try {
            double[] z = {1.0, -1.0, -0.0, Double.NaN, 2.0, 0.5, -3.0, 4.0};
            VectorRelu.apply(z, z.length);
            return Double.doubleToRawLongBits(z[2]) == 0L && z[3] == 0.0 && z[0] == 1.0 && z[6] == 0.0;
        } catch (LinkageError e) {
            return false;
        }
    }

    /** z[i] := φ(z[i]) for i in [0, len). Modifies z. */
    public static void apply(double[] z, int len) {
        if (VECTORIZED) VectorRelu.apply(z, len);
        else applyScalar(z, 0, len);
    }

    /** target[i] := 0 where φ'(z[i]) = 0, i.e. where z[i] is not &gt; 0, for i in [0, len). Modifies target only. */
    public static void maskWhereInactive(double[] z, double[] target, int len) {
        maskWhereInactive(z, 0, target, len);
    }

    /** target[i] := 0 where z[zOff + i] is not &gt; 0, for i in [0, len). Modifies target only. */
    public static void maskWhereInactive(double[] z, int zOff, double[] target, int len) {
        if (VECTORIZED) VectorRelu.mask(z, zOff, target, len);
        else maskScalar(z, zOff, target, 0, len);
    }

    static void applyScalar(double[] z, int from, int to) {
        for (int i = from; i < to; i++) if (!(z[i] > 0.0)) z[i] = 0.0;
    }

    static void maskScalar(double[] z, int zOff, double[] target, int from, int to) {
        for (int i = from; i < to; i++) if (!(z[zOff + i] > 0.0)) target[i] = 0.0;
    }
}
