package org.wideneck.core.data;

/** Which data a metric is computed on. */
public enum Split {
    TRAIN("train"), TEST("test");

    private final String label;

    Split(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
