package org.wideneck.app.ml;

/** The wideneck version a model records. */
final class Versions {
    private Versions() {}

    static String wideneck() {
        java.util.Properties p = new java.util.Properties();
        try (var in = Versions.class.getResourceAsStream("/wideneck.properties")) {
            if (in != null) p.load(in);
        } catch (java.io.IOException ignored) {
            // provenance only
        }
        return p.getProperty("version", "unknown");
    }
}
