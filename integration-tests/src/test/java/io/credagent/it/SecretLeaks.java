package io.credagent.it;

import static org.junit.jupiter.api.Assertions.fail;

import io.credagent.fake.FakeAws;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Asserts that no credential material reached a program's output: credagent must never log a
 * secret key, session token or bearer token, whatever goes wrong.
 */
public final class SecretLeaks {
    private SecretLeaks() {
    }

    /** Fails if any secret the fake ever issued or registered appears in the child's stdout or stderr. */
    public static void assertNoneLeaked(FakeAws fake, ChildJvm.Result result) {
        assertNoneLeaked(fake.issuedSecrets(), result);
    }

    public static void assertNoneLeaked(Collection<String> secrets, ChildJvm.Result result) {
        List<String> leaks = new ArrayList<>();
        int index = 0;
        for (String secret : secrets) {
            index++;
            if (secret == null || secret.isEmpty()) continue;
            if (result.stdout().contains(secret)) leaks.add("secret #" + index + " in stdout");
            if (result.stderr().contains(secret)) leaks.add("secret #" + index + " in stderr");
        }
        if (!leaks.isEmpty()) {
            // The message shows the output with every secret masked, so the report itself leaks nothing.
            fail("credential material leaked: " + leaks + "\n" + mask(secrets, result.describe()));
        }
    }

    private static String mask(Collection<String> secrets, String text) {
        String masked = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                masked = masked.replace(secret, "<SECRET>");
            }
        }
        return masked;
    }
}
