package org.wideneck.core.init;

import java.io.Serializable;

/**
 * The weights of the bottleneck network of SPEC §1, row-major, all iid N(0, 1) at initialisation:
 * W1 (n×d0), W2 (d×n), U (n×d), V (dr×n).
 *
 * <pre>
 *   g_n(ξ) = W2 φ(W1 ξ / √d0) / √n,     f_n(x) = V φ(U x / √d) / √n
 * </pre>
 * Arrays are shared, not copied: treat an instance as immutable unless you own it (the finite-width
 * network trains its own copy, see {@link #copy()}).
 */
public record NetworkWeights(int n, int d0, int d, int dr, double[] w1, double[] w2, double[] u, double[] v)
        implements Serializable {

    public NetworkWeights {
        check("W1", w1, (long) n * d0);
        check("W2", w2, (long) d * n);
        check("U", u, (long) n * d);
        check("V", v, (long) dr * n);
    }

    private static void check(String name, double[] a, long len) {
        if (a == null || a.length != len) {
            throw new IllegalArgumentException(name + " has " + (a == null ? "no" : a.length) + " entries, expected " + len);
        }
    }

    /**
     * The random draw of SPEC §3 for hidden width n from a seed. Each matrix has its own stream named by
     * its label and shape, so W1 and V are the same for every bottleneck width d of a sweep.
     */
    public static NetworkWeights random(long seed, int n, int d0, int d, int dr) {
        return new NetworkWeights(n, d0, d, dr,
                Seeds.gaussianMatrix(seed, "W1", n, d0),
                Seeds.gaussianMatrix(seed, "W2", d, n),
                Seeds.gaussianMatrix(seed, "U", n, d),
                Seeds.gaussianMatrix(seed, "V", dr, n));
    }

    public NetworkWeights copy() {
        return new NetworkWeights(n, d0, d, dr, w1.clone(), w2.clone(), u.clone(), v.clone());
    }
}
