package org.wideneck.app.bench;

import java.util.Locale;
import org.wideneck.app.config.ToolSettings;
import org.wideneck.app.config.UserError;

/** The benchmarks' size checks, made before any work: every array a case allocates fits a Java array and the heap. */
final class BenchSizes {
    /** The longest double[] the JVM allocates. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 16L;

    private BenchSizes() {}

    /** Refuses the key when a rows×cols array of doubles it sizes cannot be one Java array. */
    static void check(ToolSettings p, String key, long rows, long cols) {
        if (rows * cols > MAX_ARRAY) {
            throw p.bad(key, String.format(Locale.ROOT, "makes an array of %d × %d = %.3g doubles, more than one Java array holds (%d)",
                    rows, cols, (double) rows * cols, MAX_ARRAY));
        }
    }

    /** Refuses the case when its arrays (doubles) would not fit the heap with a quarter to spare. */
    static void heap(String what, double doubles) {
        double need = 8 * doubles, max = Runtime.getRuntime().maxMemory();
        if (need > 0.75 * max) {
            throw new UserError(String.format(Locale.ROOT, "%s: these sizes need about %.1f GB of arrays; the heap holds %.1f GB "
                    + "(raise it with WIDENECK_JAVA_OPTS=-Xmx…, or choose smaller sizes)", what, need / 1e9, max / 1e9));
        }
    }
}
