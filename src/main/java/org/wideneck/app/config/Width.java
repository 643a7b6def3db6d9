package org.wideneck.app.config;

import java.io.Serializable;

/** A bottleneck width: a positive integer d, or the infinite bottleneck ({@code inf}). */
public record Width(int d) implements Serializable, Comparable<Width> {
    public static final Width INF = new Width(Integer.MAX_VALUE);

    public boolean infinite() {
        return d == Integer.MAX_VALUE;
    }

    public String label() {
        return infinite() ? "inf" : Integer.toString(d);
    }

    @Override
    public int compareTo(Width o) {
        return Integer.compare(o.d, d); // widest first, inf at the top
    }

    @Override
    public String toString() {
        return label();
    }
}
