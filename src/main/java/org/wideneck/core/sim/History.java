package org.wideneck.core.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The SGD history H of SPEC §4: one pair (x_h, χ_h) per batch point of every past step, stored in
 * chunks of {@link #CHUNK} rows (x: CHUNK×d, χ: CHUNK×dr, and |x_h|²) so it grows without copying and
 * the kernel loops work on cache-sized blocks.
 */
public final class History {
    public static final int CHUNK = 2048;
    private final int d;
    private final int dr;
    private final List<double[]> xs = new ArrayList<>();
    private final List<double[]> chis = new ArrayList<>();
    private final List<double[]> norms = new ArrayList<>();
    private int size;

    public History(int d, int dr) {
        this.d = d;
        this.dr = dr;
    }

    public int size() {
        return size;
    }

    public int chunks() {
        return xs.size();
    }

    /** Rows in chunk c. */
    public int rows(int c) {
        return Math.min(CHUNK, size - c * CHUNK);
    }

    public double[] x(int c) {
        return xs.get(c);
    }

    public double[] chi(int c) {
        return chis.get(c);
    }

    public double[] norms(int c) {
        return norms.get(c);
    }

    /** Appends rows pairs from x (rows×d) and chi (rows×dr). */
    public void append(double[] x, int xOff, double[] chi, int chiOff, int rows) {
        for (int i = 0; i < rows; i++) {
            int c = size / CHUNK, r = size % CHUNK;
            if (r == 0) {
                xs.add(new double[CHUNK * d]);
                chis.add(new double[CHUNK * dr]);
                norms.add(new double[CHUNK]);
            }
            System.arraycopy(x, xOff + i * d, xs.get(c), r * d, d);
            System.arraycopy(chi, chiOff + i * dr, chis.get(c), r * dr, dr);
            double s = 0;
            for (int k = 0; k < d; k++) s += x[xOff + i * d + k] * x[xOff + i * d + k];
            norms.get(c)[r] = s;
            size++;
        }
    }
}
