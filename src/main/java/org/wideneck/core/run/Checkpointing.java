package org.wideneck.core.run;

import java.util.function.Consumer;
import org.wideneck.core.checkpoint.CheckpointStore;

/**
 * When and where a run's checkpoints go: every {@code every} steps (0 = never) into {@code store},
 * stamped with the run's {@code fingerprint} so a checkpoint is never continued by another run; notes
 * (a checkpoint that could not be written or read) go to {@code log}.
 */
public record Checkpointing(int every, CheckpointStore store, String fingerprint, Consumer<String> log) {
    public static final Checkpointing NONE = new Checkpointing(0, null, "", s -> {});

    public Checkpointing {
        if (every < 0) throw new IllegalArgumentException("checkpoint interval must be ≥ 0, got " + every);
        if (every > 0 && store == null) throw new IllegalArgumentException("checkpoints need a store");
    }

    boolean due(int step, int steps) {
        return every > 0 && step % every == 0 && step < steps;
    }
}
