package io.credagent.chain;

import io.credagent.credentials.CredentialException;
import io.credagent.credentials.Credentials;

import io.credagent.credentials.CredentialException.Category;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
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
 * credagent's own run of a {@code credential_process}, a profile's own or the one a role's
 * {@code source_profile} chain ends in: a command that hangs or floods its output is stopped, with
 * what it started, and reported in one line. The processes are found by
 * the PIDs the scripts write, and checked with {@code ps} (a killed process whose parent is gone
 * may stay a zombie in a container without an init: that counts as stopped).
 */
@DisabledOnOs(OS.WINDOWS)
class CredentialProcessTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY";

    @TempDir
    Path home;

    /** Generous bound: far below the 600 s the commands would run, far above a slow build machine's start-up. */
    private static CredentialException failure(CredentialChain chain) {
        CredentialException e = assertTimeoutPreemptively(Duration.ofSeconds(45),
                () -> assertThrows(CredentialException.class, chain::resolve));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), "secret quoted: " + e.getMessage());
        return e;
    }

    /**
     * Where the command sits: a profile's own {@code credential_process}, or the end of a role's
     * {@code source_profile} chain (one or two roles up). No STS call is ever made: the process
     * fails first. Each case names the selected profile and the process profile.
     */
    enum Where {
        OWN("proc", "", "profile 'proc' (credential_process):", "proc"),
        UNDER_A_ROLE("app", "[profile app]\nrole_arn = arn:aws:iam::123456789012:role/app\nsource_profile = base\n",
                "profile 'app' (assume role via source_profile 'base') via profile 'base' (credential_process):", "base"),
        UNDER_TWO_ROLES("app", "[profile app]\nrole_arn = arn:aws:iam::123456789012:role/app\nsource_profile = middle\n"
                + "[profile middle]\nrole_arn = arn:aws:iam::123456789012:role/middle\nsource_profile = base\n",
                "profile 'app' (assume role via source_profile 'middle') via profile 'base' (credential_process):", "base");

        final String selected;
        final String roles;
        final String messageStart;
        final String processProfile;

        Where(String selected, String roles, String messageStart, String processProfile) {
            this.selected = selected;
            this.roles = roles;
            this.messageStart = messageStart;
            this.processProfile = processProfile;
        }

        CredentialChain chain(Path home, Path script, String options) {
            return new Machine(home).config(roles + "[profile " + processProfile + "]\ncredential_process = " + script + "\n")
                    .chain("profile=" + selected + options);
        }
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void hangingCommandIsStoppedAfterTheTimeout(Where where) throws Exception {
        Path pids = home.resolve("pids");
        Path hang = new Machine(home).script("hang.sh", "echo $$ > " + pids + "\nexec sleep 600\n");

        CredentialException e = failure(where.chain(home, hang, ",process-timeout=1"));

        assertEquals(Category.PROCESS_ERROR, e.category());
        assertEquals(where.messageStart + " credential_process of profile '" + where.processProfile + "' did not finish"
                + " within 1 s and was stopped; fix the command or raise process-timeout", e.getMessage());
        assertAllStopped(pids);
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void grandchildrenOfAHangingCommandAreStoppedToo(Where where) throws Exception {
        assumeTrue(hasProcessHandles(), "Java 8 can only stop the process itself");
        Path pids = home.resolve("pids");
        // The grandchild keeps stdout open: the command's own end would not be enough.
        Path spawner = new Machine(home).script("spawner.sh", "sleep 600 &\necho $! > " + pids + "\necho $$ >> " + pids + "\nwait\n");

        CredentialException e = failure(where.chain(home, spawner, ",process-timeout=1"));

        assertEquals(Category.PROCESS_ERROR, e.category());
        assertTrue(e.getMessage().contains("did not finish within 1 s and was stopped"), e.getMessage());
        assertAllStopped(pids);
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void floodingCommandIsStoppedAtTheOutputLimit(Where where) throws Exception {
        Path pids = home.resolve("pids");
        Path flood = new Machine(home).script("flood.sh", "echo $$ > " + pids + "\n"
                + "echo '{\"Version\": 1, \"AccessKeyId\": \"ASIAPROCESS000000001\", \"SecretAccessKey\": \"" + SECRET + "\",'\n"
                + "while :; do echo xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; done\n");

        // The default 60 s timeout: only the output limit can end this within the test's bound.
        CredentialException e = failure(where.chain(home, flood, ""));

        assertEquals(Category.PROCESS_ERROR, e.category());
        assertEquals(where.messageStart + " credential_process of profile '" + where.processProfile + "' printed more than"
                + " 64000 bytes and was stopped; it must print one small JSON document"
                + " ({\"Version\": 1, \"AccessKeyId\": ..., ...})", e.getMessage());
        assertAllStopped(pids);
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void failingCommandShowsTheFirstLineOfStderrMaskedAndRunsOnce(Where where) throws Exception {
        Path runs = home.resolve("runs");
        Path failing = new Machine(home).script("failing.sh", "echo run >> " + runs + "\necho '  vault: denied for " + SECRET + "  ' >&2\n"
                + "echo 'second line' >&2\nexit 2\n");

        CredentialException e = failure(where.chain(home, failing, ""));

        assertEquals(Category.PROCESS_ERROR, e.category());
        assertEquals(where.messageStart + " credential_process of profile '" + where.processProfile + "' failed:"
                + " Command returned non-zero exit value (2) with error message: vault: denied for ****;"
                + " run the command by hand to see why", e.getMessage());
        assertEquals(1, Files.readAllLines(runs).size(), "one lookup, one run");
    }

    @Test
    void documentWithoutSessionTokenOrExpirationGivesLongTermKeysWithTheProfilesAccountId() throws Exception {
        Path process = new Machine(home).script("static.sh", "echo '{\"Version\": 1, \"AccessKeyId\": \"AKIAPROCESS000000001\","
                + " \"SecretAccessKey\": \"" + SECRET + "\"}'\n");
        Credentials credentials = new Machine(home)
                .config("[profile proc]\ncredential_process = " + process + "\naws_account_id = 123456789012\n")
                .chain("profile=proc").resolve();

        assertEquals("AKIAPROCESS000000001", credentials.accessKeyId());
        assertEquals(null, credentials.sessionToken());
        assertEquals(null, credentials.expiration());
        assertEquals("123456789012", credentials.accountId());
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
