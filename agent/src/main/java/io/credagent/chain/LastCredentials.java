package io.credagent.chain;

import io.credagent.credentials.Credentials;

import io.credagent.log.Log;
import io.credagent.log.Mask;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * Hands back the previous {@link Credentials} instance while nothing changed. Callers cache their
 * SDK objects by identity, so a warm lookup then allocates nothing, here or downstream; and a
 * change is the one moment worth a debug line.
 */
final class LastCredentials {

    private volatile Snapshot last;

    /** For SDK providers: they return the same object while their cache holds, so compare identity first. */
    Credentials remember(AwsCredentials sdk, String source) {
        Snapshot current = last;
        if (current != null && current.sdk == sdk && current.credentials.source().equals(source)) {
            return current.credentials;
        }
        Credentials credentials = remember(Credentials.fromSdk(sdk, source));
        last = new Snapshot(sdk, credentials);
        return credentials;
    }

    /** For values read directly (static keys): equal values give back the previous instance. */
    Credentials remember(Credentials fresh) {
        Snapshot current = last;
        if (current != null && fresh.equals(current.credentials)) {
            return current.credentials;
        }
        last = new Snapshot(null, fresh);
        if (Log.isDebug()) {
            Log.debug("credentials " + Mask.accessKeyId(fresh.accessKeyId()) + " from " + fresh.source()
                    + (fresh.expiration() != null ? ", expiring " + fresh.expiration() : ""));
        }
        return fresh;
    }

    private static final class Snapshot {
        final AwsCredentials sdk;
        final Credentials credentials;

        Snapshot(AwsCredentials sdk, Credentials credentials) {
            this.sdk = sdk;
            this.credentials = credentials;
        }
    }
}
