package io.credagent.cache;

/** Wall-clock milliseconds; a seam so the cache's timing can be unit-tested without sleeping. */
public interface Clock {

    /** {@link System#currentTimeMillis()}: credential expirations are wall-clock instants. */
    Clock SYSTEM = System::currentTimeMillis;

    long millis();
}
