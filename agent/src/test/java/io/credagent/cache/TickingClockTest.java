package io.credagent.cache;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TickingClockTest {

    private final AtomicLong wall = new AtomicLong(1_000_000L);
    private final List<Runnable> ticks = new ArrayList<>();
    private final List<Long> periods = new ArrayList<>();

    @Test
    void startsOnFirstReadThenShowsTheWallClockAsTheLastTickSawIt() {
        TickingClock clock = new TickingClock((task, period) -> {
            ticks.add(task);
            periods.add(period);
        }, wall::get);
        assertEquals(Long.MAX_VALUE, clock.millis(), "not running yet: too late for the fast path");
        assertEquals(1, ticks.size(), "the first read starts the tick");
        assertEquals(TickingClock.TICK, periods.get(0).longValue());

        ticks.get(0).run();
        assertEquals(1_000_000L, clock.millis());
        wall.addAndGet(700L);
        assertEquals(1_000_000L, clock.millis(), "never ahead of the wall clock: the last tick's reading");
        ticks.get(0).run();
        assertEquals(1_000_700L, clock.millis());
        clock.millis();
        assertEquals(1, ticks.size(), "started once");
    }

    @Test
    void withoutATimerItStaysTooLateForTheFastPathAndDoesNotRetry() {
        int[] attempts = {0};
        TickingClock clock = new TickingClock((task, period) -> {
            attempts[0]++;
            throw new IllegalStateException("no thread");
        }, wall::get);
        assertEquals(Long.MAX_VALUE, clock.millis());
        assertEquals(Long.MAX_VALUE, clock.millis());
        assertEquals(1, attempts[0]);
    }

    @Test
    void theSharedClockRunsOnTheDaemonTimer() throws InterruptedException {
        TickingClock shared = TickingClock.shared();
        long deadline = System.currentTimeMillis() + 10_000L;
        while (shared.millis() == Long.MAX_VALUE && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        long ticked = shared.millis();
        assertEquals(true, ticked <= System.currentTimeMillis() && ticked > System.currentTimeMillis() - 10_000L,
                "a recent reading, never ahead: " + ticked);
    }
}
