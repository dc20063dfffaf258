package io.credagent.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The resolve command's argument handling; resolution itself is covered by the chain tests and ConformanceSuiteIT. */
class ResolveCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        return Cli.run(args, new PrintStream(out, true, "UTF-8"), new PrintStream(err, true, "UTF-8"));
    }

    private String err() {
        return new String(err.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void aBadScopeOrFormatIsAUsageError() throws Exception {
        assertEquals(2, run("resolve", "--scope", "everything"));
        assertTrue(err().contains("accepted: chain, profile, token"), err());
        assertEquals(2, run("resolve", "--format=yaml"));
        assertTrue(err().contains("accepted: json, process"), err());
        assertEquals(0, out.size(), "nothing on stdout for a usage error");
    }

    @Test
    void unknownOptionsAndMissingValuesAreUsageErrors() throws Exception {
        assertEquals(2, run("resolve", "--verbose", "yes"));
        assertTrue(err().contains("unknown resolve option '--verbose'"), err());
        assertEquals(2, run("resolve", "--profile"));
        assertTrue(err().contains("--profile needs a value"), err());
        assertEquals(2, run("resolve", "profile=a", "region=eu-west-1"));
        assertTrue(err().contains("one options string"), err());
    }

    @Test
    void jsonLinesEscapeWhatNeedsEscaping() {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("message", "a \"quoted\" \\ path\nnext\u0001");
        line.put("expiry", null);
        line.put("session_token", true);
        line.put("error", Collections.singletonMap("category", "PARSE_ERROR"));
        assertEquals("{\"message\":\"a \\\"quoted\\\" \\\\ path\\nnext\\u0001\",\"expiry\":null,"
                + "\"session_token\":true,\"error\":{\"category\":\"PARSE_ERROR\"}}", JsonLine.write(line));
    }
}
