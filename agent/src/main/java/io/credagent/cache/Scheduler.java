package io.credagent.cache;

/** Where refreshes run and when they are woken up; a seam so unit tests decide when tasks run. */
public interface Scheduler {

    /** Runs {@code task} soon, on another thread. */
    void execute(Runnable task);

    /** Runs {@code task} once after {@code delayMillis}, on another thread. */
    void schedule(Runnable task, long delayMillis);
}
