package org.wideneck.app.config;

/**
 * The validated settings of one {@code submit/verify}: built only by {@link ConfigLoader#verify}.
 *
 * @param mode      quick (the test suite's) or full (larger widths, an MNIST subset)
 * @param outputDir where checks.csv, verify.json and report.html go
 * @param dataDir   where the full checks find MNIST
 */
public record VerifyConfig(String mode, String outputDir, String dataDir) {}
