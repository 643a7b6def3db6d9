package org.wideneck.core.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Supplier;
import org.wideneck.core.checkpoint.CheckpointFormat;
import org.wideneck.core.checkpoint.CheckpointStore;
import org.wideneck.core.checkpoint.CorruptCheckpointException;
import org.wideneck.core.checkpoint.StateInput;
import org.wideneck.core.dynamics.Simulation;

/**
 * A run's checkpoint: its fingerprint, the {@link LoopState}, and the simulation's state
 * ({@link Simulation#saveState}), in the {@link CheckpointFormat}. Loading takes the newest checkpoint
 * whose checksum and contents hold, saying why any newer one was passed over.
 */
public final class Checkpoints {
    private Checkpoints() {}

    /** What a checkpoint held: the loop's state, the feature diagnostics' (null when off), the simulation. */
    public record Resumed<S>(LoopState loop, FeatureDiagnostics diag, S sim) {}

    /** Reads a simulation's state (after the loop's) from a checkpoint. */
    @FunctionalInterface
    public interface SimReader<S> {
        S read(StateInput in) throws IOException;
    }

    static void save(Checkpointing ck, LoopState loop, FeatureDiagnostics diag, Simulation sim) throws IOException {
        ck.store().write(loop.step, out -> CheckpointFormat.write(out, so -> {
            so.writeString(ck.fingerprint());
            loop.write(so, diag);
            sim.saveState(so);
        }));
    }

    /**
     * The newest usable checkpoint of the store, or null when there is none (start from step 0).
     *
     * @param diag fresh feature diagnostics of the run for each attempt (null supplier result when off)
     */
    public static <S> Resumed<S> loadNewest(Checkpointing ck, TrainSettings settings, Supplier<FeatureDiagnostics> diag,
                                            SimReader<S> reader) {
        if (ck.store() == null) return null;
        List<CheckpointStore.Entry> entries;
        try {
            entries = ck.store().entries();
        } catch (IOException e) {
            ck.log().accept("checkpoints cannot be listed (" + e.getMessage() + "); starting from step 0");
            return null;
        }
        for (int i = 0; i < entries.size(); i++) {
            CheckpointStore.Entry e = entries.get(i);
            try {
                try (InputStream in = ck.store().open(e)) {
                    CheckpointFormat.verify(in, e.size());
                }
                FeatureDiagnostics d = diag.get();
                try (InputStream in = ck.store().open(e)) {
                    return CheckpointFormat.read(in, e.size(), si -> {
                        String fp = si.readString();
                        if (!fp.equals(ck.fingerprint())) throw new CorruptCheckpointException("it belongs to another run: " + fp);
                        LoopState loop = LoopState.read(si, settings, d);
                        S sim = reader.read(si);
                        si.expectEnd();
                        return new Resumed<>(loop, d, sim);
                    });
                }
            } catch (IOException | RuntimeException ex) {
                ck.log().accept("checkpoint " + e.name() + " cannot be used (" + ex.getMessage() + "); "
                        + (i + 1 < entries.size() ? "using the one before it" : "starting from step 0"));
            }
        }
        return null;
    }
}
