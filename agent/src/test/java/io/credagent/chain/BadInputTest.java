package io.credagent.chain;

import io.credagent.credentials.CredentialException;

import io.credagent.credentials.CredentialException.Category;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Broken input gives one actionable line, never a crash, a hang or a quoted secret: the cases the
 * chain tests do not already cover. Every message is checked for the secrets the input held.
 */
class BadInputTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY";
    private static final String TOKEN = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN";

    @TempDir
    Path home;

    private Machine machine() {
        return new Machine(home);
    }

    private static CredentialException failure(CredentialChain chain) {
        CredentialException e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                () -> assertThrows(CredentialException.class, chain::resolve));
        String message = e.getMessage();
        assertFalse(message.contains("\n"), "one line: " + message);
        assertFalse(message.contains(SECRET), "secret quoted: " + message);
        assertFalse(message.contains(TOKEN), "token quoted: " + message);
        assertFalse(message.matches(".*\\b(AKIA|ASIA)[A-Z0-9]{16}\\b.*"), "raw key id: " + message);
        return e;
    }

    private static void assertContains(String text, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(text.contains(fragment), "expected '" + fragment + "' in: " + text);
        }
    }

    private CredentialChain processProfile(Path script) {
        return machine().config("[profile proc]\ncredential_process = " + script + "\n").chain("profile=proc");
    }

    @Test
    void malformedCredentialsFileNamesTheFile() {
        CredentialException e = failure(machine()
                .credentials("[default]\naws_access_key_id = AKIAEXAMPLE000000001\naws_secret_access_key " + SECRET + "\n")
                .chain());
        assertEquals(Category.PARSE_ERROR, e.category());
        assertContains(e.getMessage(), "cannot parse ~/.aws/credentials", "line 3");
    }

    @Test
    void sourceProfileCycleIsAnInvalidProfileNamingTheProfiles() {
        CredentialException e = failure(machine()
                .config("[profile a]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = b\n"
                        + "[profile b]\nrole_arn = arn:aws:iam::123456789012:role/b\nsource_profile = a\n")
                .chain("profile=a"));
        assertEquals(Category.INVALID_PROFILE, e.category());
        assertContains(e.getMessage(), "profile 'a'", "b");
    }

    @Test
    void unreadableCredentialsFileIsReportedNotThrown() throws IOException {
        Files.createDirectories(home.resolve(".aws").resolve("credentials")); // a directory: cannot be read as a file
        CredentialException e = failure(machine().chain());
        assertContains(e.getMessage(), "credentials");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void credentialProcessWithTheWrongVersion() throws IOException {
        CredentialException e = failure(processProfile(machine().script("v2.sh", "echo '{\"Version\": 2, \"AccessKeyId\":"
                + " \"ASIAPROCESS000000001\", \"SecretAccessKey\": \"" + SECRET + "\", \"SessionToken\": \"" + TOKEN + "\"}'\n")));
        assertEquals(Category.PROCESS_ERROR, e.category());
        assertContains(e.getMessage(), "credential_process of profile 'proc' failed", "Unsupported credential version: 2");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void credentialProcessWithMissingFields() throws IOException {
        CredentialException e = failure(processProfile(machine().script("missing.sh",
                "echo '{\"Version\": 1, \"AccessKeyId\": \"ASIAPROCESS000000001\", \"SessionToken\": \"" + TOKEN + "\"}'\n")));
        assertEquals(Category.PROCESS_ERROR, e.category());
        assertContains(e.getMessage(), "credential_process of profile 'proc' failed", "SecretAccessKey");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void credentialProcessFailingShowsItsStderrNeverItsStdout() throws IOException {
        CredentialException e = failure(processProfile(machine().script("fails.sh",
                "echo '{\"Version\": 1, \"AccessKeyId\": \"ASIAPROCESS000000001\", \"SecretAccessKey\": \"" + SECRET + "\"}'\n"
                        + "echo 'vault: permission denied' >&2\nexit 7\n")));
        assertEquals(Category.PROCESS_ERROR, e.category());
        assertContains(e.getMessage(), "(7)", "vault: permission denied");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void credentialProcessPrintingMegabytesIsCutOff() throws IOException {
        CredentialException e = failure(processProfile(machine().script("flood.sh",
                "head -c 8000000 /dev/zero | tr '\\0' 'x'\n")));
        assertEquals(Category.PROCESS_ERROR, e.category());
        assertTrue(e.getMessage().length() <= 1000, e.getMessage());
    }
}
