package io.credagent.cache;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

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
        static final TickingClock SHARED = new TickingClock(DaemonScheduler.shared()::every, System::currentTimeMillis);
    }

    /** Runs a task now and then every so many milliseconds (the timer thread's {@code every}). */
    private final BiConsumer<Runnable, Long> every;
    private final LongSupplier wallClock;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile long millis = Long.MAX_VALUE;

    TickingClock(BiConsumer<Runnable, Long> every, LongSupplier wallClock) {
        this.every = every;
        this.wallClock = wallClock;
    }

    /** One tick for the whole JVM, started by the first lookup: one timer wake-up a second from then on. */
    static TickingClock shared() {
        return Holder.SHARED;
    }

    private void tick() {
        millis = wallClock.getAsLong();
    }

    /** Started on first read, not at startup: an application that never looks up credentials gets no thread. */
    private void start() {
        if (!started.get() && started.compareAndSet(false, true)) {
            try {
                every.accept(this::tick, TICK);
            } catch (RuntimeException | Error e) {
                // No timer: stays at Long.MAX_VALUE, every lookup reads the real clock.
            }
        }
    }

    @Override
    public long millis() {
        long current = millis;
        if (current == Long.MAX_VALUE) {
            start();
        }
        return current;
    }
}
