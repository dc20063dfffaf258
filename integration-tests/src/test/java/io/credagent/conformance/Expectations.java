package io.credagent.conformance;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Compares a {@code resolve --format process} result with the data's expectation (the README's plan 6.4). */
final class Expectations {

    private Expectations() {
    }

    /**
     * Credentials: key id, secret and session token exactly (an absent token must be absent);
     * {@code expiry} (epoch seconds) when expected; {@code account_id} when expected.
     */
    static void credentials(Map<String, Object> expected, ResolveProcess.Outcome outcome, List<String> failures) {
        Map<String, Object> actual = outcome.json();
        if (outcome.exitCode() != 0 || actual == null || !actual.containsKey("AccessKeyId")) {
            failures.add("expected credentials, got " + outcome.describe());
            return;
        }
        same("access key id", expected.get("access_key_id"), actual.get("AccessKeyId"), failures);
        same("secret access key", expected.get("secret_access_key"), actual.get("SecretAccessKey"), failures);
        same("session token", expected.get("session_token"), actual.get("SessionToken"), failures);
        if (expected.containsKey("expiry")) {
            Object expiration = actual.get("Expiration");
            Long seconds = expiration == null ? null : Instant.parse((String) expiration).getEpochSecond();
            same("expiry", ((BigDecimal) expected.get("expiry")).longValueExact(), seconds, failures);
        }
        if (expected.containsKey("account_id")) {
            same("account id", expected.get("account_id"), actual.get("AccountId"), failures);
        }
    }

    /** An SSO bearer token: the token exactly, the expiration as an instant. */
    static void token(Map<String, Object> expected, ResolveProcess.Outcome outcome, List<String> failures) {
        Map<String, Object> actual = outcome.json();
        if (outcome.exitCode() != 0 || actual == null || !actual.containsKey("accessToken")) {
            failures.add("expected a token, got " + outcome.describe());
            return;
        }
        same("token", expected.get("token"), actual.get("accessToken"), failures);
        if (expected.containsKey("expiration")) {
            Object expiresAt = actual.get("expiresAt");
            same("expiration", Instant.parse((String) expected.get("expiration")),
                    expiresAt == null ? null : Instant.parse((String) expiresAt), failures);
        }
    }

    /**
     * An error: exit 1 with {@code {"error":{"category","message"}}}; the category when one is
     * expected, and each portable substring in the message.
     */
    @SuppressWarnings("unchecked")
    static void error(String category, List<String> substrings, ResolveProcess.Outcome outcome, List<String> failures) {
        Map<String, Object> actual = outcome.json();
        if (outcome.exitCode() != 1 || actual == null || !(actual.get("error") instanceof Map)) {
            failures.add("expected an error" + (category == null ? "" : " (" + category + ")") + ", got " + outcome.describe());
            return;
        }
        Map<String, Object> error = (Map<String, Object>) actual.get("error");
        if (category != null) {
            same("error category", category, error.get("category"), failures);
        }
        String message = String.valueOf(error.get("message"));
        for (String substring : substrings) {
            if (!message.contains(substring)) {
                failures.add("error message lacks '" + substring + "': " + message);
            }
        }
    }

    private static void same(String what, Object expected, Object actual, List<String> failures) {
        if (!Objects.equals(expected, actual)) {
            failures.add(what + ": expected " + expected + ", got " + actual);
        }
    }
}
