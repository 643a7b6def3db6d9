package org.wideneck.core.linalg;

/** Row gathers on row-major {@code double[]} matrices. */
public final class Rows {
    private Rows() {}

    /** Rows idx[from], …, idx[from + count − 1] of src (rows of width columns), into a new count×width array. */
    public static double[] gather(double[] src, int width, int[] idx, int from, int count) {
        double[] out = new double[count * width];
        for (int i = 0; i < count; i++) System.arraycopy(src, idx[from + i] * width, out, i * width, width);
        return out;
    }

    /** All rows idx of src, into a new idx.length×width array. */
    public static double[] gather(double[] src, int width, int[] idx) {
        return gather(src, width, idx, 0, idx.length);
    }
}
