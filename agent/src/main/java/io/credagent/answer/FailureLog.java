package io.credagent.answer;

import io.credagent.credentials.CredentialSource;
import io.credagent.log.Log;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logs one line per failure streak of each identity, not one per call: a hot loop of failing
 * lookups must not flood the application's stderr, and two failing identities used in turn must
 * not end each other's streaks. A new message or a recovery ends an identity's streak. (Sources
 * live as long as the JVM, one per identity: the map stays as small as the set of identities.)
 */
final class FailureLog {

    private final Map<CredentialSource, String> lastFailure = new ConcurrentHashMap<>();

    void failed(CredentialSource source, String message) {
        if (!message.equals(lastFailure.put(source, message))) {
            Log.error(message);
        }
    }

    void recovered(CredentialSource source) {
        if (lastFailure.remove(source) != null) {
            Log.info("credentials available again from " + source.describe());
        }
    }
}
