package io.credagent.agent;

import io.credagent.log.Log;

/**
 * Logs one line per failure streak, not one per call: a hot loop of failing lookups must not
 * flood the application's stderr. A new message or a recovery ends the streak.
 */
final class FailureLog {

    private volatile String lastFailure;

    void failed(String message) {
        if (!message.equals(lastFailure)) {
            lastFailure = message;
            Log.error(message);
        }
    }

    void recovered() {
        if (lastFailure != null) {
            lastFailure = null;
            Log.info("credentials available again");
        }
    }
}
