package org.wideneck.core.parallel;

/**
 * The one home of the sizes that fix how work is cut into pieces. The reproducibility contract — results
 * bitwise independent of the thread count, the Spark master and the partitioning — rests on every
 * parallel region splitting into these fixed ranges and reducing their partial results in order
 * ({@link Workers#forRanges}); so changing a constant marked <em>result</em> changes the last bits of the
 * numbers (never their meaning), while one marked <em>speed</em> only changes memory traffic.
 */
public final class Grains {
    private Grains() {}

    /** result: points per task when outputs are evaluated against the history (OutputFunction, eq 44). */
    public static final int OUTPUT_RANGE = 512;
    /** speed: points per matrix product inside an output range. */
    public static final int OUTPUT_GEMM_ROWS = 128;
    /** result: history pairs per chunk; history sums are reduced chunk by chunk, in order. */
    public static final int HISTORY_CHUNK = 2048;
    /**
     * Hidden units, and history rows, an evaluation block takes at a time: its {@link #OUTPUT_GEMM_ROWS}×256 block of
     * hidden activations or kernel values (256 KB) stays in a core's cache from the product that makes it to the one
     * that consumes it. Changing it changes the evaluations' rounding order.
     */
    public static final int EVAL_TILE = 256;
    /** result: update sources (index, |ξ|², h) per block of the deferred eq 42 update; also the deferral budget in rows. */
    public static final int SOURCE_BLOCK = 256;
    /** result: target points per task of the eq 42 update. */
    public static final int TARGET_RANGE = 1024;
    /** result: points per slot of loss sums, added in slot order (LossSums). */
    public static final int LOSS_SLOT = 1024;
    /** result: points per RDD block of partitioned evaluation; a multiple of the three ranges above. */
    public static final int POINT_BLOCK = 1024;
    /** result: hidden units per task of f_0 and J_0ᵀχ at a batch (partials added in order). */
    public static final int UNIT_RANGE = 1024;
    /** result: input rows per block of the g_0 random-feature pass (a row's value depends on its block). */
    public static final int INIT_ROWS = 256;
    /** speed: blocks of INIT_ROWS per task of the g_0 pass (a multiple keeps the blocks, so the bits, unchanged). */
    public static final int INIT_RANGE_BLOCKS = 4;
    /**
     * result: points per block when g_0 is computed for the points a lazy run reads at once (a period's batches, an
     * evaluation subset), each block's hidden units split in {@link #UNIT_RANGE} tasks (InitialNetwork.g0ByUnits). A
     * period brings ~240 fresh points, one block; larger reads (every point, when a run turns eager) are cut so a
     * task's hidden activations stay 1024×1024 doubles.
     */
    public static final int BIRTH_ROWS = 1024;
    /** speed: points per block of the finite-width network's forward pass. */
    public static final int FINITE_ROWS = 256;
    /** result: points per block (and per task) of the inf runs' F_0 draw. */
    public static final int F0_POINTS = 1024;
    /** speed: rows of A per block of the inf runs' F_0 draw. */
    public static final int F0_A_ROWS = 256;
    /** speed: doubles of A kept in memory by the F_0 draw (256 MiB). */
    public static final long F0_A_CACHE = 32L << 20;
    /** speed: batch rows per block of a step's history products. */
    public static final int MAX_BATCH_BLOCK = 256;
    /** speed: doubles of α (and of β) per batch block of a step. */
    public static final long COEFF_BUDGET = 4L << 20;
}
