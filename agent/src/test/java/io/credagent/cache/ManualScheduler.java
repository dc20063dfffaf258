package io.credagent.cache;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Runs nothing by itself: tests run the queued refreshes (or every due wake-up) when they choose. */
final class ManualScheduler implements Scheduler {

    private final Deque<Runnable> queued = new ArrayDeque<>();
    private final List<long[]> wakeUpDelays = new ArrayList<>();
    private final List<Runnable> wakeUps = new ArrayList<>();
    private boolean runImmediately;

    /** Refreshes run on the calling thread, as if the refresh thread were instantaneous. */
    ManualScheduler runImmediately() {
        runImmediately = true;
        return this;
    }

    @Override
    public synchronized void execute(Runnable task) {
        if (runImmediately) {
            task.run();
        } else {
            queued.add(task);
        }
    }

    @Override
    public synchronized void schedule(Runnable task, long delayMillis) {
        wakeUps.add(task);
        wakeUpDelays.add(new long[] {delayMillis});
    }

    synchronized int queuedRefreshes() {
        return queued.size();
    }

    /** Runs the queued refreshes, and any they queue in turn. */
    void runQueued() {
        Runnable next;
        while ((next = poll()) != null) {
            next.run();
        }
    }

    /** Fires every wake-up scheduled so far (they check themselves whether anything is due). */
    void fireWakeUps() {
        List<Runnable> due;
        synchronized (this) {
            due = new ArrayList<>(wakeUps);
            wakeUps.clear();
            wakeUpDelays.clear();
        }
        due.forEach(Runnable::run);
    }

    synchronized long lastWakeUpDelay() {
        return wakeUpDelays.isEmpty() ? -1 : wakeUpDelays.get(wakeUpDelays.size() - 1)[0];
    }

    private synchronized Runnable poll() {
        return queued.poll();
    }
}
