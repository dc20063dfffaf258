package io.credagent.cache;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RefreshTimingTest {

    private static final long HOUR = 3_600_000L;
    private final RefreshTiming earliest = new RefreshTiming(() -> 0.0);
    private final RefreshTiming latest = new RefreshTiming(() -> 0.999999);

    @Test
    void longLivedCredentialsRefreshInTheLastFiveMinutesWithJitter() {
        assertEquals(HOUR - 300_000L, earliest.refreshAt(0, HOUR));
        long late = latest.refreshAt(0, HOUR);
        assertTrue(late > HOUR - 300_000L + 74_000L && late <= HOUR - 225_000L, "jitter up to a quarter: " + late);
    }

    @Test
    void shortLivedCredentialsRefreshInTheirLastQuarter() {
        assertEquals(15_000L, earliest.refreshAt(0, 20_000L));
        assertTrue(latest.refreshAt(0, 20_000L) <= 16_250L);
        assertTrue(latest.refreshAt(0, 20_000L) < earliest.usableUntil(0, 20_000L));
    }

    @Test
    void credentialsStopBeingHandedOutShortlyBeforeExpiry() {
        assertEquals(HOUR - 60_000L, earliest.usableUntil(0, HOUR));
        assertEquals(18_000L, earliest.usableUntil(0, 20_000L));
        assertEquals(Long.MAX_VALUE, earliest.usableUntil(0, Long.MAX_VALUE));
    }

    @Test
    void credentialsWithoutExpirationAreLookedUpAgainEveryMinute() {
        assertEquals(1_000L + 60_000L, earliest.refreshAt(1_000L, Long.MAX_VALUE));
    }

    @Test
    void backoffDoublesUpToTwentySecondsWithJitter() {
        assertEquals(1_000L, latest.retryAt(0, 1, Long.MIN_VALUE), 1);
        assertEquals(2_000L, latest.retryAt(0, 2, Long.MIN_VALUE), 1);
        assertEquals(16_000L, latest.retryAt(0, 5, Long.MIN_VALUE), 1);
        assertEquals(20_000L, latest.retryAt(0, 6, Long.MIN_VALUE), 1);
        assertEquals(20_000L, latest.retryAt(0, 1000, Long.MIN_VALUE), 1);
        assertEquals(10_000L, earliest.retryAt(0, 1000, Long.MIN_VALUE));
    }

    @Test
    void backoffRetriesBeforeTheCurrentCredentialsRunOut() {
        assertEquals(2_000L, latest.retryAt(0, 10, 4_000L));
        assertEquals(250L, latest.retryAt(0, 10, 100L), "never busier than every 250 ms");
    }

    @Test
    void sameCredentialsAreLookedAtAgainWithinHalfTheRemainingTimeAndAtMostThirtySeconds() {
        assertEquals(30_000L, earliest.recheckAt(0, HOUR));
        assertEquals(2_000L, earliest.recheckAt(0, 4_000L));
        assertEquals(1_000L, earliest.recheckAt(0, 500L));
    }
}
