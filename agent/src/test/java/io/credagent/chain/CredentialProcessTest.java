package io.credagent.chain;

import io.credagent.chain.CredentialException.Category;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * credagent's own run of a profile's {@code credential_process}: a command that hangs or floods its
 * output is stopped, with what it started, and reported in one line. The processes are found by
 * the PIDs the scripts write, and checked with {@code ps} (a killed process whose parent is gone
 * may stay a zombie in a container without an init: that counts as stopped).
 */
@DisabledOnOs(OS.WINDOWS)
class CredentialProcessTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY";

    @TempDir
    Path home;

    private CredentialChain processProfile(Path script, String options) {
        return new Machine(home).config("[profile proc]\ncredential_process = " + script + "\n")
                .chain("profile=proc" + options);
    }

    private Path script(String name, String body) throws IOException {
        Path script = home.resolve(name);
        Files.write(script, ("#!/bin/sh\n" + body).getBytes(StandardCharsets.UTF_8));
        assertTrue(script.toFile().setExecutable(true));
        return script;
    }

    /** Generous bound: far below the 600 s the commands would run, far above a slow build machine's start-up. */
    private static CredentialException failure(CredentialChain chain) {
        CredentialException e = assertTimeoutPreemptively(Duration.ofSeconds(45),
                () -> assertThrows(CredentialException.class, chain::resolve));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), "secret quoted: " + e.getMessage());
        return e;
    }

    @Test
    void hangingCommandIsStoppedAfterTheTimeout() throws Exception {
        Path pids = home.resolve("pids");
        Path hang = script("hang.sh", "echo $$ > " + pids + "\nexec sleep 600\n");

        CredentialException e = failure(processProfile(hang, ",process-timeout=1"));

        assertEquals(Category.PROCESS_ERROR, e.category());
        assertEquals("profile 'proc' (credential_process): credential_process of profile 'proc' did not finish"
                + " within 1 s and was stopped; fix the command or raise process-timeout", e.getMessage());
        assertAllStopped(pids);
    }

    @Test
    void grandchildrenOfAHangingCommandAreStoppedToo() throws Exception {
        assumeTrue(hasProcessHandles(), "Java 8 can only stop the process itself");
        Path pids = home.resolve("pids");
        // The grandchild keeps stdout open: the command's own end would not be enough.
        Path spawner = script("spawner.sh", "sleep 600 &\necho $! > " + pids + "\necho $$ >> " + pids + "\nwait\n");

        CredentialException e = failure(processProfile(spawner, ",process-timeout=1"));

        assertEquals(Category.PROCESS_ERROR, e.category());
        assertTrue(e.getMessage().contains("did not finish within 1 s and was stopped"), e.getMessage());
        assertAllStopped(pids);
    }

    @Test
    void floodingCommandIsStoppedAtTheOutputLimit() throws Exception {
        Path pids = home.resolve("pids");
        Path flood = script("flood.sh", "echo $$ > " + pids + "\n"
                + "echo '{\"Version\": 1, \"AccessKeyId\": \"ASIAPROCESS000000001\", \"SecretAccessKey\": \"" + SECRET + "\",'\n"
                + "while :; do echo xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; done\n");

        // The default 60 s timeout: only the output limit can end this within the test's bound.
        CredentialException e = failure(processProfile(flood, ""));

        assertEquals(Category.PROCESS_ERROR, e.category());
        assertEquals("profile 'proc' (credential_process): credential_process of profile 'proc' printed more than"
                + " 64000 bytes and was stopped; it must print one small JSON document"
                + " ({\"Version\": 1, \"AccessKeyId\": ..., ...})", e.getMessage());
        assertAllStopped(pids);
    }

    @Test
    void failingCommandShowsTheFirstLineOfStderrMasked() throws Exception {
        Path failing = script("failing.sh", "echo '  vault: denied for " + SECRET + "  ' >&2\n"
                + "echo 'second line' >&2\nexit 2\n");

        CredentialException e = failure(processProfile(failing, ""));

        assertEquals(Category.PROCESS_ERROR, e.category());
        assertTrue(e.getMessage().contains("(2) with error message: vault: denied for ****;"), e.getMessage());
        assertFalse(e.getMessage().contains("second line"), e.getMessage());
    }

    @Test
    void documentWithoutSessionTokenOrExpirationGivesLongTermKeysWithTheProfilesAccountId() throws Exception {
        Path process = script("static.sh", "echo '{\"Version\": 1, \"AccessKeyId\": \"AKIAPROCESS000000001\","
                + " \"SecretAccessKey\": \"" + SECRET + "\"}'\n");
        Credentials credentials = new Machine(home)
                .config("[profile proc]\ncredential_process = " + process + "\naws_account_id = 123456789012\n")
                .chain("profile=proc").resolve();

        assertEquals("AKIAPROCESS000000001", credentials.accessKeyId());
        assertEquals(null, credentials.sessionToken());
        assertEquals(null, credentials.expiration());
        assertEquals("123456789012", credentials.accountId());
    }

    // --- a credential_process reached through a role's source_profile ---------------------------

    /**
     * {@code app} assumes a role from {@code middle}, which assumes one from {@code base}, whose
     * credentials come from the script. No STS call is ever made: the process fails first.
     */
    private CredentialChain roleChainOverProcess(Path script, String options) {
        return new Machine(home).config("[profile app]\nrole_arn = arn:aws:iam::123456789012:role/app\nsource_profile = middle\n"
                        + "[profile middle]\nrole_arn = arn:aws:iam::123456789012:role/middle\nsource_profile = base\n"
                        + "[profile base]\ncredential_process = " + script + "\n")
                .chain("profile=app" + options);
    }

    @Test
    void hangingProcessUnderARoleIsStoppedAfterTheTimeout() throws Exception {
        Path pids = home.resolve("pids");
        Path hang = script("hang.sh", "echo $$ >> " + pids + "\nexec sleep 600\n");

        CredentialException e = failure(new Machine(home)
                .config("[profile app]\nrole_arn = arn:aws:iam::123456789012:role/app\nsource_profile = base\n"
                        + "[profile base]\ncredential_process = " + hang + "\n")
                .chain("profile=app,process-timeout=1"));

        assertEquals(Category.PROCESS_ERROR, e.category());
        assertEquals("profile 'app' (assume role via source_profile 'base') via profile 'base' (credential_process):"
                + " credential_process of profile 'base' did not finish within 1 s and was stopped;"
                + " fix the command or raise process-timeout", e.getMessage());
        assertAllStopped(pids);
    }

    @Test
    void hangingProcessAtTheEndOfARoleChainIsStoppedWithItsChildren() throws Exception {
        assumeTrue(hasProcessHandles(), "Java 8 can only stop the process itself");
        Path pids = home.resolve("pids");
        Path spawner = script("spawner.sh", "sleep 600 &\necho $! >> " + pids + "\necho $$ >> " + pids + "\nwait\n");

        CredentialException e = failure(roleChainOverProcess(spawner, ",process-timeout=1"));

        assertEquals(Category.PROCESS_ERROR, e.category());
        assertEquals("profile 'app' (assume role via source_profile 'middle') via profile 'base' (credential_process):"
                + " credential_process of profile 'base' did not finish within 1 s and was stopped;"
                + " fix the command or raise process-timeout", e.getMessage());
        assertAllStopped(pids);
    }

    @Test
    void floodingProcessUnderARoleIsStoppedAtTheOutputLimit() throws Exception {
        Path pids = home.resolve("pids");
        Path flood = script("flood.sh", "echo $$ > " + pids + "\n"
                + "echo '{\"Version\": 1, \"AccessKeyId\": \"ASIAPROCESS000000001\", \"SecretAccessKey\": \"" + SECRET + "\",'\n"
                + "while :; do echo xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; done\n");

        CredentialException e = failure(roleChainOverProcess(flood, ""));

        assertEquals(Category.PROCESS_ERROR, e.category());
        assertEquals("profile 'app' (assume role via source_profile 'middle') via profile 'base' (credential_process):"
                + " credential_process of profile 'base' printed more than 64000 bytes and was stopped;"
                + " it must print one small JSON document ({\"Version\": 1, \"AccessKeyId\": ..., ...})", e.getMessage());
        assertAllStopped(pids);
    }

    @Test
    void failingProcessUnderARoleNamesBothProfilesAndShowsStderrMasked() throws Exception {
        Path runs = home.resolve("runs");
        Path failing = script("failing.sh", "echo run >> " + runs + "\necho '  vault: denied for " + SECRET + "  ' >&2\n"
                + "echo 'second line' >&2\nexit 2\n");

        CredentialException e = failure(roleChainOverProcess(failing, ""));

        assertEquals(Category.PROCESS_ERROR, e.category());
        assertEquals("profile 'app' (assume role via source_profile 'middle') via profile 'base' (credential_process):"
                + " credential_process of profile 'base' failed: Command returned non-zero exit value (2) with error"
                + " message: vault: denied for ****; run the command by hand to see why", e.getMessage());
        assertEquals(1, Files.readAllLines(runs).size(), "one lookup, one run");
    }

    private static boolean hasProcessHandles() {
        try {
            Process.class.getMethod("descendants");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** Every PID in the file is gone (or a zombie) within a few seconds. */
    private static void assertAllStopped(Path pidFile) throws Exception {
        List<String> pids = Files.readAllLines(pidFile);
        assertFalse(pids.isEmpty());
        for (String pid : pids) {
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (isRunning(pid.trim()) && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertFalse(isRunning(pid.trim()), "process " + pid + " still runs");
        }
    }

    private static boolean isRunning(String pid) throws IOException, InterruptedException {
        Process ps = new ProcessBuilder("ps", "-o", "stat=", "-p", pid).redirectErrorStream(true).start();
        String state;
        try (InputStream in = ps.getInputStream()) {
            state = new String(readAll(in), StandardCharsets.UTF_8).trim();
        }
        ps.waitFor();
        return !state.isEmpty() && !state.startsWith("Z");
    }

    private static byte[] readAll(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        for (int n; (n = in.read(buffer)) != -1; ) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
