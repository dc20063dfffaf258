package io.credagent.cache;

/**
 * The wall clock as a timer tick last saw it, for the hot path: reading it is one volatile load,
 * while {@link System#currentTimeMillis()} costs about 20 ns on a virtual machine, most of what a
 * warm lookup would otherwise cost.
 *
 * <p>Never ahead of the wall clock, and behind it by at most {@link #TICK} plus the timer's own
 * delay. A monotonic timer cannot be trusted alone for expiry (it stops while a laptop sleeps);
 * a tick at least bounds how stale this clock is after a resume. Until the tick is running, or
 * if no timer could be started, it reads {@code Long.MAX_VALUE}: "too late for the fast path",
 * so callers fall back to the real clock.
 */
final class TickingClock implements Clock {

    static final long TICK = 1_000L;

    private static final class Holder {
        static final TickingClock SHARED = startOn(DaemonScheduler.shared());
    }

    private volatile long millis = Long.MAX_VALUE;

    private TickingClock() {
    }

    /** One tick for the whole JVM, started by the first cache: one timer wake-up a second. */
    static TickingClock shared() {
        return Holder.SHARED;
    }

    static TickingClock startOn(DaemonScheduler scheduler) {
        TickingClock clock = new TickingClock();
        try {
            scheduler.every(clock::tick, TICK);
        } catch (RuntimeException | Error e) {
            // No timer: stays at Long.MAX_VALUE, every lookup reads the real clock.
        }
        return clock;
    }

    void tick() {
        millis = System.currentTimeMillis();
    }

    @Override
    public long millis() {
        return millis;
    }
}
