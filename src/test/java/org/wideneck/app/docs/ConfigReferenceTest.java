package org.wideneck.app.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.wideneck.app.config.Keys;

/** docs/configuration.md is what the key lists make: a key added, dropped or changed without submit/docs fails here. */
class ConfigReferenceTest {
    @Test
    void theCommittedReferenceMatchesTheKeyLists() throws Exception {
        String committed = Files.readString(Path.of(ConfigReference.FILE), StandardCharsets.UTF_8);
        String made = ConfigReference.markdown();
        if (!committed.equals(made)) {
            String[] a = committed.split("\n", -1), b = made.split("\n", -1);
            int i = 0;
            while (i < Math.min(a.length, b.length) && a[i].equals(b[i])) i++;
            assertEquals(i < b.length ? b[i] : "(end)", i < a.length ? a[i] : "(end)",
                    ConfigReference.FILE + " is out of date at line " + (i + 1) + "; run submit/docs");
        }
    }

    @Test
    void everyRunKeyIsInTheReference() {
        String made = ConfigReference.markdown();
        for (Keys.Key k : Keys.ALL) assertTrue(made.contains("| `" + k.path() + "` |"), k.path());
    }
}
