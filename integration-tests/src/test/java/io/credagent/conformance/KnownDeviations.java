package io.credagent.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cases CONFORMANCE.md lists as not passing, each with its reason: table rows of the form
 * {@code | `case id` | reason |}.
 */
final class KnownDeviations {

    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|(.+)\\|\\s*$");

    private KnownDeviations() {
    }

    static Map<String, String> read(Path conformanceMd) throws IOException {
        Map<String, String> deviations = new LinkedHashMap<>();
        for (String line : Files.readAllLines(conformanceMd, StandardCharsets.UTF_8)) {
            Matcher m = ROW.matcher(line.trim());
            if (m.matches()) {
                String reason = m.group(2).trim();
                if (reason.isEmpty()) {
                    throw new IllegalStateException(conformanceMd + ": " + m.group(1) + " is listed without a reason");
                }
                if (deviations.put(m.group(1), reason) != null) {
                    throw new IllegalStateException(conformanceMd + ": " + m.group(1) + " is listed twice");
                }
            }
        }
        return deviations;
    }
}
