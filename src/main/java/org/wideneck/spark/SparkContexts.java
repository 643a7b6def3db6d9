package org.wideneck.spark;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the Spark context of a run. Under {@code spark-submit} its {@code --master} wins; otherwise the
 * config's {@code spark.master} (default {@code local[*]}) is used. Local mode binds to 127.0.0.1 and
 * runs without the web UI.
 */
public final class SparkContexts {
    private SparkContexts() {}

    /**
     * The Spark context of a run, without a Spark session: what the RDD jobs need. Starting a session on top
     * costs about 3 s more on this project's 2-core VM (Spark SQL's shared state and function registry are
     * loaded and initialised; 2.0–2.2 s for the context alone against 4.9–5.3 s for the session, docs/performance.md),
     * so only runs that read their data through Spark SQL start one ({@link #session}).
     */
    public static JavaSparkContext create(String appName, String master, Map<String, String> extra) {
        return JavaSparkContext.fromSparkContext(SparkContext.getOrCreate(conf(appName, master, extra)));
    }

    /** The Spark session of a run (its context is the one {@link #create} gives); closing the context ends it. */
    public static SparkSession session(String appName, String master, Map<String, String> extra) {
        return SparkSession.builder().config(conf(appName, master, extra)).getOrCreate();
    }

    private static SparkConf conf(String appName, String master, Map<String, String> extra) {
        SparkConf conf = new SparkConf().setAppName(appName);
        if (!conf.contains("spark.master")) conf.setMaster(master);
        boolean local = conf.get("spark.master").startsWith("local");
        if (local) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            conf.setIfMissing("spark.ui.enabled", "false");
        }
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        for (Map.Entry<String, String> e : extra.entrySet()) conf.set(e.getKey(), e.getValue());
        return conf;
    }
}
