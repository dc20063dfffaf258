package io.credagent.cache;

import io.credagent.credentials.CredentialException;
import io.credagent.credentials.CredentialSource;
import io.credagent.credentials.Credentials;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/** A source that issues numbered session credentials living {@code lifetime} ms from the clock's now (long-term keys for Long.MAX_VALUE), or fails on demand. */
final class ScriptedSource implements CredentialSource {

    private final LongSupplier clock;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile long lifetime;
    private volatile CredentialException failure;
    private volatile Credentials fixed;
    private volatile long delayMillis;

    ScriptedSource(LongSupplier clock, long lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    ScriptedSource failWith(String message) {
        failure = message == null ? null : new CredentialException(CredentialException.Category.SERVICE_ERROR, message);
        return this;
    }

    /** Always hands back this instance (a source whose own cache has not refreshed). */
    ScriptedSource always(Credentials credentials) {
        fixed = credentials;
        return this;
    }

    ScriptedSource lifetime(long millis) {
        lifetime = millis;
        return this;
    }

    ScriptedSource delay(long millis) {
        delayMillis = millis;
        return this;
    }

    int calls() {
        return calls.get();
    }

    @Override
    public Credentials resolve() {
        int n = calls.incrementAndGet();
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure != null) {
            throw failure;
        }
        if (fixed != null) {
            return fixed;
        }
        if (lifetime == Long.MAX_VALUE) { // long-term keys: no token, no expiry
            return new Credentials("AKIAEXAMPLE" + String.format("%09d", n), "secret-" + n, null, null, null, "scripted");
        }
        return issue(n, Instant.ofEpochMilli(clock.getAsLong() + lifetime));
    }

    static Credentials issue(int n, Instant expiration) {
        return new Credentials("ASIAEXAMPLE" + String.format("%09d", n), "secret-" + n, "token-" + n, expiration,
                null, "scripted");
    }

    @Override
    public String describe() {
        return "scripted";
    }
}
