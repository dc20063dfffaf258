package io.credagent.chain;

import io.credagent.credentials.CredentialException;
import io.credagent.credentials.Credentials;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever a {@code credential_process} prints (mangled JSON around a real secret, wrong types,
 * huge numbers, binary), credagent gives credentials or a one-line {@link CredentialException},
 * and never quotes the secret it printed. Each input runs the real process path ({@code cat} of a
 * file), so a bounded fuzzing run covers a few hundred inputs (see the pom).
 */
class ProcessOutputFuzzTest {

    private static final String SECRET = "fUzZsEcReTkEyDoNoTlEaK0123456789abcdefgh";

    private static Path home;

    @BeforeAll
    static void createHome() throws IOException {
        home = Files.createTempDirectory("credagent-fuzz");
    }

    @AfterAll
    static void deleteHome() throws IOException {
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @FuzzTest(maxDuration = "15s")
    void anyProcessOutputGivesCredentialsOrOneLineWithoutTheSecret(FuzzedDataProvider data) throws IOException {
        String before = data.consumeString(200);
        String version = data.pickValue(new String[] {"1", "2", "\"1\"", "null", "1.0", data.consumeString(5)});
        String after = data.consumeRemainingAsString();
        String output = before + "{\"Version\": " + version + ", \"AccessKeyId\": \"ASIAFUZZ000000000001\", "
                + "\"SecretAccessKey\": \"" + SECRET + "\"" + after;
        Path out = home.resolve("output");
        Files.write(out, output.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        CredentialChain chain = new Machine(home)
                .config("[profile fuzz]\ncredential_process = cat " + out + "\n")
                .chain("profile=fuzz");
        try {
            Credentials credentials = chain.resolve();
            assertTrue(credentials.accessKeyId().length() > 0);
        } catch (CredentialException e) {
            String message = e.getMessage();
            assertFalse(message.contains(SECRET), "the secret was quoted: " + message);
            assertFalse(message.contains("\n"), "more than one line: " + message);
        }
    }
}
