package io.credagent.cache;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JVM-wide refresh threads: daemon threads named {@code credagent-refresh-N}, so they never keep
 * the application alive, and created only when the first refresh is due.
 *
 * <p>One timer thread only wakes refreshes up; the refreshes themselves run on a pool that grows
 * with the number of identities refreshing at once, so one identity whose STS call hangs until the
 * HTTP timeout does not delay the others. Refresh threads idle for a minute go away; the timer thread stays
 * once the {@link TickingClock} ticks.
 */
public final class DaemonScheduler implements Scheduler {

    private static final AtomicInteger THREADS = new AtomicInteger();

    /** Created on first use: an application that never asks for credentials gets no thread. */
    private static final class Holder {
        static final DaemonScheduler INSTANCE = new DaemonScheduler();
    }

    private final ScheduledExecutorService timer;
    private final ExecutorService workers;

    private DaemonScheduler() {
        ScheduledThreadPoolExecutor timerPool = new ScheduledThreadPoolExecutor(1, DaemonScheduler::newThread);
        timerPool.setRemoveOnCancelPolicy(true);
        timerPool.setKeepAliveTime(60, TimeUnit.SECONDS);
        timerPool.allowCoreThreadTimeOut(true);
        this.timer = timerPool;
        this.workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<Runnable>(), DaemonScheduler::newThread);
    }

    public static DaemonScheduler shared() {
        return Holder.INSTANCE;
    }

    @Override
    public void execute(Runnable task) {
        workers.execute(task);
    }

    @Override
    public void schedule(Runnable task, long delayMillis) {
        timer.schedule(() -> execute(task), Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} now and then every {@code periodMillis} on the timer thread; it must be quick. */
    void every(Runnable task, long periodMillis) {
        timer.scheduleAtFixedRate(task, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    private static Thread newThread(Runnable task) {
        Thread thread = new Thread(task, "credagent-refresh-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        // Never pin (or search) an application class loader from a thread that lives on.
        thread.setContextClassLoader(DaemonScheduler.class.getClassLoader());
        return thread;
    }
}
