package org.wideneck.core.init;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Derivation of independent, reproducible random streams from a run's seeds: every matrix, epoch
 * permutation and data draw gets its own stream, named by a label and its shape, so results do not
 * depend on the order in which things are drawn or on which JVM draws them.
 */
public final class Seeds {
    private Seeds() {}

    /** SplitMix64 finaliser. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A seed for the stream named {@code label} with the given parts, derived from {@code base}. */
    public static long derive(long base, String label, long... parts) {
        long h = mix(base + 0x9e3779b97f4a7c15L);
        for (byte ch : label.getBytes(StandardCharsets.UTF_8)) h = mix(h ^ ch);
        for (long p : parts) h = mix(h ^ p);
        return h;
    }

    public static SplittableRandom stream(long base, String label, long... parts) {
        return new SplittableRandom(derive(base, label, parts));
    }

    /**
     * Fills {@code out} with iid N(0, 1) draws of the stream.
     *
     * @param out modified
     */
    public static void gaussians(SplittableRandom rng, double[] out, int off, int len) {
        for (int i = 0; i < len; i++) out[off + i] = rng.nextGaussian();
    }

    /** A rows×cols row-major matrix of iid N(0, 1) entries, from the stream named by label and shape. */
    public static double[] gaussianMatrix(long seed, String label, int rows, int cols) {
        double[] out = new double[Math.multiplyExact(rows, cols)];
        gaussians(stream(seed, label, rows, cols), out, 0, out.length);
        return out;
    }

    /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
    public static int[] permutation(SplittableRandom rng, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
