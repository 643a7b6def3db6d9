package org.wideneck.app.data;

import java.util.SplittableRandom;
import org.wideneck.core.init.Seeds;
import org.wideneck.core.linalg.Gemm;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Problem;

/**
 * The synthetic regression task of SPEC §7: ξ ~ N(0, I_d0), targets y = h2(h1(ξ)) with h1: R^d0 → R^k
 * and h2: R^k → R^dr independent draws of ReLU NNGP functions, made with random features,
 * <pre>
 *   h(z) = B φ(A z/√m)/√F,    A: F×m,  B: k×F  iid N(0, 1)
 * </pre>
 * (the covariance of each output is Σ of SPEC §2). Everything is fixed by the data seed.
 */
public final class SyntheticDeepGp {
    private SyntheticDeepGp() {}

    public static Problem generate(long seed, int nTrain, int nTest, int d0, int k, int dr, int features) {
        double[] a1 = Seeds.gaussianMatrix(seed, "gp-A1", features, d0);
        double[] b1 = Seeds.gaussianMatrix(seed, "gp-B1", k, features);
        double[] a2 = Seeds.gaussianMatrix(seed, "gp-A2", features, k);
        double[] b2 = Seeds.gaussianMatrix(seed, "gp-B2", dr, features);
        return new Problem(split(seed, "train", nTrain, d0, k, dr, features, a1, b1, a2, b2),
                split(seed, "test", nTest, d0, k, dr, features, a1, b1, a2, b2));
    }

    private static Dataset split(long seed, String label, int n, int d0, int k, int dr, int features,
                                 double[] a1, double[] b1, double[] a2, double[] b2) {
        SplittableRandom rng = Seeds.stream(seed, "gp-inputs-" + label, n, d0);
        double[] x = new double[n * d0];
        Seeds.gaussians(rng, x, 0, x.length);
        double[] h = layer(x, n, d0, a1, b1, k, features);
        double[] y = layer(h, n, k, a2, b2, dr, features);
        return new Dataset(n, d0, dr, x, y, null);
    }

    private static double[] layer(double[] z, int n, int m, double[] a, double[] b, int out, int features) {
        double[] res = new double[n * out];
        int block = 512;
        double[] hid = new double[Math.min(n, block) * features];
        for (int r0 = 0; r0 < n; r0 += block) {
            int nb = Math.min(block, n - r0);
            Gemm.abt(nb, features, m, 1.0 / Math.sqrt(m), z, r0 * m, a, 0, 0.0, hid, 0);
            for (int i = 0; i < nb * features; i++) if (!(hid[i] > 0)) hid[i] = 0.0;
            Gemm.abt(nb, out, features, 1.0 / Math.sqrt(features), hid, 0, b, 0, 0.0, res, r0 * out);
        }
        return res;
    }
}
