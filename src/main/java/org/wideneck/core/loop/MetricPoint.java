package org.wideneck.core.loop;

import java.io.Serializable;
import org.wideneck.core.data.Split;

/** One metrics row of a run (SPEC §5): after {@code step} steps, on one split. accuracy is NaN for regression. */
public record MetricPoint(int step, Split split, double loss, double accuracy, double wallSeconds) implements Serializable {}
