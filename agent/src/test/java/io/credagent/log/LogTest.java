package io.credagent.log;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogTest {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(captured, true);

    @AfterEach
    void reset() {
        Log.reset();
    }

    private String output() {
        return new String(captured.toByteArray(), StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    private void logOneOfEach() {
        Log.error("e");
        Log.info("i");
        Log.debug("d");
    }

    @Test
    void printsNothingBeforeConfigure() {
        PrintStream realErr = System.err;
        System.setErr(out);
        try {
            logOneOfEach();
            assertFalse(Log.isDebug());
        } finally {
            System.setErr(realErr);
        }
        assertEquals("", output());
    }

    @Test
    void defaultLevelInfoPrintsErrorsAndInfoButNotDebug() {
        Log.configure(Log.Level.INFO, out);
        logOneOfEach();
        assertEquals("credagent: e\ncredagent: i\n", output());
        assertFalse(Log.isDebug());
    }

    @Test
    void errorLevelPrintsOnlyErrors() {
        Log.configure(Log.Level.ERROR, out);
        logOneOfEach();
        assertEquals("credagent: e\n", output());
    }

    @Test
    void debugLevelPrintsEverything() {
        Log.configure(Log.Level.DEBUG, out);
        logOneOfEach();
        assertEquals("credagent: e\ncredagent: i\ncredagent: d\n", output());
        assertTrue(Log.isDebug());
    }

    @Test
    void offPrintsNothingNotEvenErrors() {
        Log.configure(Log.Level.OFF, out);
        logOneOfEach();
        assertEquals("", output());
    }

    @Test
    void everyMessageIsOneLine() {
        Log.configure(Log.Level.INFO, out);
        Log.error("first\nsecond\r\n  third");
        assertEquals("credagent: first second third\n", output());
    }

    @Test
    void secretsAreMaskedEvenWhenACallerForgets() {
        Log.configure(Log.Level.INFO, out);
        Log.error("key AKIAIOSFODNN7EXAMPLE secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        assertEquals("credagent: key AKIA...MPLE secret ****\n", output());
    }
}
