package org.wideneck.app.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.wideneck.app.config.UserError;
import org.wideneck.app.config.WideneckConfig;
import org.wideneck.core.data.Problem;
import org.wideneck.core.run.MemoryModel;
import org.wideneck.core.run.RunPlan;

/**
 * The sizes of a sweep checked before Spark starts ({@link MemoryModel}): every array a run allocates whole must fit a
 * Java array, and the runs that run at once in this JVM (local mode, or the partitioned driver) must fit its heap with
 * a tenth to spare — else one line with the numbers, and nothing is written.
 */
final class Preflight {
    /** The share of the heap the runs may take (the rest: Spark, the report, the JIT's and collector's slack). */
    static final double SHARE = 0.9;

    private Preflight() {}

    static void check(WideneckConfig cfg, Problem p, List<RunPlan> plans, long heapBytes) {
        for (RunPlan plan : plans) {
            for (MemoryModel.Array a : MemoryModel.arrays(plan, p)) {
                if (a.length() > MemoryModel.MAX_ARRAY) {
                    throw new UserError(String.format(Locale.ROOT, "size: width %s: %s would hold %.3g doubles, more than one Java array "
                            + "holds (%d); lower model.widths or init.width", plan.widthLabel(), a.what(), a.length(), MemoryModel.MAX_ARRAY));
                }
            }
        }
        int atOnce = runsAtOnce(cfg, plans.size());
        if (atOnce == 0) return; // a cluster's executors: their memory is the cluster manager's to give
        List<RunPlan> bySize = new ArrayList<>(plans);
        bySize.sort(Comparator.comparingDouble((RunPlan r) -> -MemoryModel.bytes(r, p)));
        double runs = 0;
        for (RunPlan r : bySize.subList(0, Math.min(atOnce, bySize.size()))) runs += MemoryModel.bytes(r, p);
        double need = runs + MemoryModel.dataBytes(p);
        if (need > SHARE * heapBytes) {
            RunPlan big = bySize.get(0);
            throw new UserError(String.format(Locale.ROOT, "memory: the sweep needs about %.1f GB at once (%d run(s) at a time, the largest, "
                            + "width %s, %.1f GB after %d steps of batch %d; the data %.2f GB) but the JVM's heap is %.1f GB; lower train.steps, "
                            + "init.width or the runs at once (compute.threads), or raise the heap (WIDENECK_JAVA_OPTS=\"-Xmx…\")",
                    need / 1e9, Math.min(atOnce, plans.size()), big.widthLabel(), MemoryModel.bytes(big, p) / 1e9, big.train().steps(),
                    big.train().batchSize(), MemoryModel.dataBytes(p) / 1e9, heapBytes / 1e9));
        }
    }

    /**
     * How many runs this JVM holds at once: the partitioned driver one (it holds the run's history), local mode as many
     * as it has task slots (each run one task), a cluster's sweep none (they run on the executors).
     */
    static int runsAtOnce(WideneckConfig cfg, int runs) {
        String master = cfg.spark().master();
        if (cfg.mode() == WideneckConfig.Mode.PARTITIONED) return 1;
        if (!master.startsWith("local") || master.startsWith("local-cluster")) return 0;
        int slots = Runtime.getRuntime().availableProcessors();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("local\\[([0-9]+)").matcher(master);
        if (m.lookingAt()) slots = Integer.parseInt(m.group(1));
        else if (master.equals("local")) slots = 1;
        return Math.min(runs, slots);
    }
}
