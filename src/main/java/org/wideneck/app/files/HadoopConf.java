package org.wideneck.app.files;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The Hadoop settings wideneck opens file systems with, as Spark would: a {@code new Configuration()}
 * (core-site.xml, hdfs-site.xml from the classpath / HADOOP_CONF_DIR) plus every {@code spark.hadoop.K = V}
 * given to spark-submit (system properties) or in the config's {@code spark.conf}, set as K = V. Only those
 * settings travel to the executors; each builds its Configuration from them and its own site files.
 */
public record HadoopConf(Map<String, String> settings) implements Serializable {
    static final String PREFIX = "spark.hadoop.";

    public HadoopConf {
        settings = Map.copyOf(settings);
    }

    /** No settings beyond the site files. */
    public static HadoopConf defaults() {
        return new HadoopConf(Map.of());
    }

    /** spark.hadoop.* from the system properties (spark-submit's --conf), then from sparkConf (the config's spark.conf). */
    public static HadoopConf of(Map<String, String> sparkConf) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : System.getProperties().stringPropertyNames()) {
            if (k.startsWith(PREFIX)) m.put(k.substring(PREFIX.length()), System.getProperty(k));
        }
        for (Map.Entry<String, String> e : sparkConf.entrySet()) {
            if (e.getKey().startsWith(PREFIX)) m.put(e.getKey().substring(PREFIX.length()), e.getValue());
        }
        return new HadoopConf(m);
    }

    /** A fresh Configuration with these settings applied. */
    public Configuration configuration() {
        Configuration c = new Configuration();
        settings.forEach(c::set);
        return c;
    }
}
