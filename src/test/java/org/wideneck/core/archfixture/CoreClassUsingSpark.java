package org.wideneck.core.archfixture;

/** A deliberately wrong core class (test sources only): the layering test must reject it. */
public final class CoreClassUsingSpark {
    private CoreClassUsingSpark() {}

    public static String sparkVersion(org.apache.spark.api.java.JavaSparkContext sc) {
        return sc.version();
    }
}
