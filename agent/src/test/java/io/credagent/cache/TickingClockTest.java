package io.credagent.cache;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class TickingClockTest {

    @Test
    void startsOnFirstReadThenFollowsTheWallClockWithoutGettingAhead() throws InterruptedException {
        TickingClock clock = TickingClock.shared();
        long deadline = System.currentTimeMillis() + 10_000L;
        while (clock.millis() == Long.MAX_VALUE && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        long before = System.currentTimeMillis();
        long ticked = clock.millis();
        assertTrue(ticked <= before, "never ahead of the wall clock: " + ticked + " > " + before);
        // Generous: a loaded CI machine may delay the timer, but the tick must be running.
        assertTrue(ticked > before - 10_000L, "ticking: " + ticked + " vs " + before);
        Thread.sleep(2_500L);
        assertTrue(clock.millis() > ticked, "the tick moves on");
    }
}
