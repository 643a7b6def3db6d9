package org.wideneck.core.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** A checkpoint store in memory (tests), keeping the newest {@link #KEEP} like the file store. */
public class MemoryStore implements CheckpointStore {
    private static final long serialVersionUID = 1L;
    public final TreeMap<Integer, byte[]> files = new TreeMap<>();
    public int writes;

    @Override
    public void write(int step, Body body) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        body.writeTo(b);
        files.put(step, b.toByteArray());
        writes++;
        while (files.size() > KEEP) files.pollFirstEntry();
    }

    @Override
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (var e : files.descendingMap().entrySet()) out.add(new Entry(e.getKey(), "step-" + e.getKey(), e.getValue().length));
        return out;
    }

    @Override
    public InputStream open(Entry e) {
        return new ByteArrayInputStream(files.get(e.step()));
    }

    @Override
    public void clear() {
        files.clear();
    }

    /** A factory handing out this one store. */
    public Factory factory(int every) {
        MemoryStore self = this;
        return new Factory() {
            private static final long serialVersionUID = 1L;

            @Override
            public CheckpointStore forRun(String runKey) {
                return self;
            }

            @Override
            public int every() {
                return every;
            }
        };
    }
}
