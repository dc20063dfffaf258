package io.credagent.cache;

import io.credagent.credentials.Credentials;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "STS calls for 100 clients over 8 hours": the real cache and timing code on a
 * simulated clock. 100 clients each ask once a second for 8 hours; the role's credentials live
 * 1 hour (STS's default). The source is where credagent would call STS.
 */
class EightHoursOfOneRoleTest {

    @Test
    void oneHundredClientsForEightHoursCauseOneStsCallPerRefreshInterval() {
        AtomicLong now = new AtomicLong(1_700_000_000_000L);
        ScriptedSource sts = new ScriptedSource(now::get, 3_600_000L);
        Random random = new Random(42);
        RefreshingSource cache = new RefreshingSource(sts, new ManualScheduler().runImmediately(), now::get, now::get,
                new RefreshTiming(random::nextDouble), 5_000L, 30_000L);
        long closeToExpiry = 0;
        for (int second = 0; second < 8 * 3600; second++) {
            for (int client = 0; client < 100; client++) {
                // A lookup that cannot answer throws, failing the test; one that answers must never
                // hand out credentials with less than the minute of use the README promises.
                Credentials credentials = cache.resolve();
                if (credentials.expiration().toEpochMilli() - now.get() < 60_000L) {
                    closeToExpiry++;
                }
            }
            now.addAndGet(1000);
        }
        assertEquals(0, closeToExpiry, "lookups answered with credentials less than a minute from expiry");
        // One call per refresh interval (55 to 56.25 minutes) plus the first: 9.
        System.out.println("simulated 8 h, 100 clients, 1-hour credentials: " + sts.calls() + " STS calls");
        assertTrue(sts.calls() >= 9 && sts.calls() <= 10, "STS calls: " + sts.calls());
    }
}
