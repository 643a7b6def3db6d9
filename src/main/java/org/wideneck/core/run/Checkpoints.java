package org.wideneck.core.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Supplier;
import org.wideneck.core.checkpoint.CheckpointFormat;
import org.wideneck.core.checkpoint.CheckpointStore;
import org.wideneck.core.checkpoint.CorruptCheckpointException;
import org.wideneck.core.checkpoint.StateInput;
import org.wideneck.core.dynamics.Checkpointable;
import org.wideneck.core.loop.StatefulListener;
import org.wideneck.core.loop.TrainSettings;
import org.wideneck.core.loop.TrainingLoop;

/**
 * A run's checkpoint: its fingerprint, the loop's {@link TrainingLoop.Position}, the stateful listeners' states in
 * order, and the simulation's state ({@link Checkpointable#saveState}), in the {@link CheckpointFormat}. Loading takes
 * the newest checkpoint whose checksum and contents hold, saying why any newer one was passed over.
 */
public final class Checkpoints {
    private Checkpoints() {}

    /** What a checkpoint held: the loop's position, the listeners it restored, and the simulation. */
    public record Resumed<L, S>(TrainingLoop.Position position, L listeners, S sim) {}

    /** Reads a simulation's state (after the loop's and the listeners') from a checkpoint. */
    @FunctionalInterface
    public interface SimReader<S> {
        S read(StateInput in) throws IOException;
    }

    static void save(Checkpointing ck, TrainingLoop.Position at, List<StatefulListener> listeners, Checkpointable sim) throws IOException {
        ck.store().write(at.step(), out -> CheckpointFormat.write(out, so -> {
            so.writeString(ck.fingerprint());
            at.write(so);
            for (StatefulListener l : listeners) l.save(so);
            sim.saveState(so);
        }));
    }

    /**
     * The newest usable checkpoint of the store, or null when there is none (start from step 0).
     *
     * @param fresh     a fresh set of the run's listeners for each attempt (a failed attempt may leave its set half read)
     * @param stateful  the stateful listeners of a set, in the order they were saved
     */
    public static <L, S> Resumed<L, S> loadNewest(Checkpointing ck, TrainSettings settings, Supplier<L> fresh,
                                                  java.util.function.Function<L, List<StatefulListener>> stateful, SimReader<S> reader) {
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
                L listeners = fresh.get();
                try (InputStream in = ck.store().open(e)) {
                    return CheckpointFormat.read(in, e.size(), si -> {
                        String fp = si.readString();
                        if (!fp.equals(ck.fingerprint())) throw new CorruptCheckpointException("it belongs to another run: " + fp);
                        TrainingLoop.Position at = TrainingLoop.Position.read(si, settings);
                        for (StatefulListener l : stateful.apply(listeners)) l.restore(si);
                        S sim = reader.read(si);
                        si.expectEnd();
                        return new Resumed<>(at, listeners, sim);
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
