package org.wideneck.core.linalg;

/**
 * Whether the SIMD paths may be used: {@code jdk.incubator.vector} is in the boot layer and
 * {@code -Dwideneck.scalar=true} does not force the scalar loops. Each SIMD path also checks itself
 * against its scalar reference when its class loads ({@link org.wideneck.core.kernel.Relu}, {@code core.kernel.KernelBlocks}).
 */
public final class Simd {
    private Simd() {}

    public static boolean moduleUsable() {
        return !Boolean.getBoolean("wideneck.scalar") && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }
}
