package org.wideneck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project's source rules that the compiler does not check (doclint, on in the build, checks the Javadoc links):
 * lines of at most {@value #LINE_LENGTH} characters, and the project's own classes named through imports, not by
 * fully-qualified names inside the code (comments may name them, as Javadoc links to other packages must, and string
 * literals may spell them, as reflection needs).
 */
class SourceStyleTest {
    static final int LINE_LENGTH = 160;
    /** A string literal: a class's name spelled in one (for reflection) is data, not a reference. */
    static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    static final Pattern INLINE_NAME = Pattern.compile("\\borg\\.wideneck\\.(?:[a-z][a-z0-9]*\\.)+[A-Z]");

    /** The rules a source text breaks, one entry a line. */
    static List<String> violations(String name, String text) {
        List<String> bad = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i], s = l.strip();
            if (l.length() > LINE_LENGTH) bad.add(name + ":" + (i + 1) + " has " + l.length() + " characters");
            boolean declaration = s.startsWith("import ") || s.startsWith("package ");
            boolean comment = s.startsWith("*") || s.startsWith("//") || s.startsWith("/*");
            boolean inline = INLINE_NAME.matcher(STRING.matcher(l).replaceAll("\"\"")).find();
            if (!declaration && !comment && inline) bad.add(name + ":" + (i + 1) + " names a class inline: " + s);
        }
        return bad;
    }

    @Test
    void everySourceFollowsTheRules() throws IOException {
        List<String> bad = new ArrayList<>();
        int files = 0;
        try (Stream<Path> s = Files.walk(Path.of("src"))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                bad.addAll(violations(p.toString(), Files.readString(p)));
                files++;
            }
        }
        assertEquals(List.of(), bad);
        assertTrue(files > 100, "sources found: " + files);
    }

    @Test
    void aLongLineAndAnInlineNameAreFound() {
        String model = "org" + ".wideneck.core.model.Model"; // split so that this file does not break its own rule
        String text = "import " + model + ";\n"
                + " * {@link " + model + "}\n"
                + "    var m = " + model + ".paper(3);\n"
                + "x".repeat(LINE_LENGTH + 1) + "\n"
                + "x".repeat(LINE_LENGTH) + "\n"
                + "    Class.forName(\"" + model + "\");\n";
        assertEquals(List.of("T:3 names a class inline: var m = " + model + ".paper(3);", "T:4 has 161 characters"),
                violations("T", text));
    }
}
