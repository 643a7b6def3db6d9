package org.wideneck.app.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;

/**
 * The refusal of keys nobody reads: every path a user sets must be a known key (or under a free-form one), else one
 * line names it, where it was set, and the nearest known key.
 */
final class KnownKeys {
    private KnownKeys() {}

    /** The paths of a config's values. */
    static TreeSet<String> paths(Config c) {
        TreeSet<String> known = new TreeSet<>();
        for (Map.Entry<String, ConfigValue> e : c.entrySet()) known.add(e.getKey());
        return known;
    }

    /**
     * Refuses the first path of user that is neither known nor under a free-form key.
     *
     * @param what how the message names the settings ("config", "verify", …)
     */
    static void check(Config user, Collection<String> known, Collection<String> freeForm, String what) {
        TreeSet<String> sorted = new TreeSet<>(known);
        for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
            String path = e.getKey();
            if (freeForm.stream().anyMatch(f -> path.equals(f) || path.startsWith(f + "."))) continue;
            if (sorted.contains(path)) continue;
            String hint = closest(path, sorted);
            throw new UserError(what + ": unknown key '" + path + "' (" + describe(e.getValue().origin()) + ")"
                    + (hint != null ? "; did you mean '" + hint + "'?" : sorted.isEmpty() ? "; it takes no keys" : "; known: " + String.join(", ", sorted)));
        }
    }

    static String describe(ConfigOrigin o) {
        if (o == null) return "unknown origin";
        if (o.filename() != null) return o.filename() + (o.lineNumber() > 0 ? ":" + o.lineNumber() : "");
        return o.description().replaceFirst(": [0-9]+$", ""); // a command-line setting is one line; its number says nothing
    }

    static String closest(String path, Collection<String> known) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String k : known) {
            int dist = editDistance(path, k);
            if (dist < bestD) {
                bestD = dist;
                best = k;
            }
        }
        return bestD <= Math.max(2, path.length() / 4) ? best : null;
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
