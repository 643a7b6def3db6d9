package org.wideneck.core.init;

import java.io.Serializable;

/**
 * The weights of the bottleneck network of SPEC §1 and §8.2, row-major, all iid N(0, 1) at initialisation: g's
 * layers W1 (n×d0), W2 … W_L (n×n), W_(L+1) (d×n) for L hidden layers, then f's U (n×d) and V (dr×n).
 * <pre>
 *   h¹ = W1 ξ/√d0,   h^(l+1) = W_(l+1) φ(h^l)/√n,   g_n(ξ) = W_(L+1) φ(h^L)/√n,     f_n(x) = V φ(U x/√d)/√n
 * </pre>
 * Arrays are shared, not copied: treat an instance as immutable unless you own it (the finite-width network trains
 * its own copy, see {@link #copy()}).
 *
 * @param g g's layers, g[0] = W1 … g[L] = W_(L+1)
 */
public record NetworkWeights(int n, int d0, int d, int dr, double[][] g, double[] u, double[] v) implements Serializable {

    public NetworkWeights {
        if (g == null || g.length < 2) throw new IllegalArgumentException("g needs W1 and at least one more layer");
        for (int l = 0; l < g.length; l++) check(layerName(l), g[l], layerLength(l, g.length - 1, n, d0, d));
        check("U", u, (long) n * d);
        check("V", v, (long) dr * n);
    }

    /** The one-hidden-layer network of SPEC §1 (W1, W2, U, V). */
    public NetworkWeights(int n, int d0, int d, int dr, double[] w1, double[] w2, double[] u, double[] v) {
        this(n, d0, d, dr, new double[][] {w1, w2}, u, v);
    }

    /** "W1", "W2", …: layer l (from 0) of g, as the .npy files and the random streams name it. */
    public static String layerName(int l) {
        return "W" + (l + 1);
    }

    /** Rows of g's layer l (from 0) for depth hidden layers: n, except the last (d). */
    public static int layerRows(int l, int depth, int n, int d) {
        return l == depth ? d : n;
    }

    /** Columns of g's layer l: d0 for the first, n beyond. */
    public static int layerCols(int l, int n, int d0) {
        return l == 0 ? d0 : n;
    }

    private static long layerLength(int l, int depth, int n, int d0, int d) {
        return (long) layerRows(l, depth, n, d) * layerCols(l, n, d0);
    }

    private static void check(String name, double[] a, long len) {
        if (a == null || a.length != len) {
            throw new IllegalArgumentException(name + " has " + (a == null ? "no" : a.length) + " entries, expected " + len);
        }
    }

    /** Hidden layers of g (L). */
    public int gDepth() {
        return g.length - 1;
    }

    /** W1, the first layer (n×d0). */
    public double[] w1() {
        return g[0];
    }

    /** W_(L+1), g's output layer (d×n). */
    public double[] gOut() {
        return g[g.length - 1];
    }

    /**
     * The random draw of SPEC §3 for hidden width n from a seed. Each matrix has its own stream named by its label
     * and shape, so W1 and V are the same for every bottleneck width d of a sweep (and for every depth).
     */
    public static NetworkWeights random(long seed, int n, int d0, int d, int dr, int gDepth) {
        double[][] g = new double[gDepth + 1][];
        for (int l = 0; l <= gDepth; l++) {
            g[l] = Seeds.gaussianMatrix(seed, layerName(l), layerRows(l, gDepth, n, d), layerCols(l, n, d0));
        }
        return new NetworkWeights(n, d0, d, dr, g, Seeds.gaussianMatrix(seed, "U", n, d), Seeds.gaussianMatrix(seed, "V", dr, n));
    }

    /** The one-hidden-layer draw (SPEC §1). */
    public static NetworkWeights random(long seed, int n, int d0, int d, int dr) {
        return random(seed, n, d0, d, dr, 1);
    }

    public NetworkWeights copy() {
        double[][] gc = new double[g.length][];
        for (int l = 0; l < g.length; l++) gc[l] = g[l].clone();
        return new NetworkWeights(n, d0, d, dr, gc, u.clone(), v.clone());
    }

    /** Bytes of the weights (8 per double): what a run holds in memory for them. */
    public static long bytes(int n, int d0, int d, int dr, int gDepth) {
        return 8L * ((long) n * d0 + (long) (gDepth - 1) * n * n + (long) d * n + (long) n * d + (long) dr * n);
    }
}
