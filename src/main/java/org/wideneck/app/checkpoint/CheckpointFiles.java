package org.wideneck.app.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wideneck.app.files.FileStore;
import org.wideneck.core.checkpoint.CheckpointStore;

/**
 * One run's checkpoints as files {@code <dir>/step-<step>.ckpt} in a {@link FileStore} — the local file
 * system or a Hadoop one (in cluster sweep mode the executor that runs the width writes them, so a local
 * output directory must be shared): each written whole ({@link FileStore#write}), then all but the newest
 * {@link #KEEP} removed.
 */
public final class CheckpointFiles implements CheckpointStore {
    private static final long serialVersionUID = 1L;
    private static final Pattern NAME = Pattern.compile("step-(\\d{9})\\.ckpt");
    private final FileStore parent;
    private final FileStore dir;

    /** The checkpoints in parent/name; parent is removed with the last run's checkpoints when it is left empty. */
    public CheckpointFiles(FileStore parent, String name) {
        this.parent = parent;
        this.dir = parent.resolve(name);
    }

    /** The stores of a sweep: {@code <outputDir>/checkpoints/<run key>}, a checkpoint every {@code every} steps. */
    public static Factory under(FileStore outputDir, int every) {
        FileStore root = outputDir.resolve("checkpoints");
        return new Factory() {
            private static final long serialVersionUID = 1L;

            @Override
            public CheckpointStore forRun(String runKey) {
                return new CheckpointFiles(root, runKey);
            }

            @Override
            public int every() {
                return every;
            }
        };
    }

    @Override
    public void write(int step, Body body) throws IOException {
        dir.write(String.format("step-%09d.ckpt", step), body::writeTo);
        List<Entry> all = entries();
        for (Entry e : all.subList(Math.min(KEEP, all.size()), all.size())) dir.delete(e.name());
    }

    @Override
    public List<Entry> entries() throws IOException {
        List<Entry> out = new ArrayList<>();
        for (String name : dir.list("")) {
            Matcher m = NAME.matcher(name);
            if (m.matches() && dir.isFile(name)) out.add(new Entry(Integer.parseInt(m.group(1)), name, dir.size(name)));
        }
        out.sort(Comparator.comparingInt(Entry::step).reversed());
        return out;
    }

    @Override
    public InputStream open(Entry e) throws IOException {
        return dir.open(e.name());
    }

    @Override
    public void clear() throws IOException {
        if (!dir.isDirectory("")) return;
        for (String name : dir.list("")) dir.delete(name);
        dir.delete("");
        try {
            if (parent.list("").isEmpty()) parent.delete("");
        } catch (IOException ignored) {
            // another run's checkpoints may still be there
        }
    }
}
