package org.wideneck.core.data;

/** Loss (mean ½|F − y|²) and accuracy (NaN for regression) of one split at one step (SPEC §5). */
public record Evaluation(double loss, double accuracy) {}
