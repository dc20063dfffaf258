package io.credagent.cache;

import io.credagent.credentials.CredentialException;
import io.credagent.credentials.CredentialSource;
import io.credagent.credentials.Credentials;
import io.credagent.log.Log;

import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One identity's credentials for the whole JVM, refreshed in the background before they expire.
 *
 * <p>The hot path reads one immutable {@link State} and the {@link TickingClock}: no lock, no
 * allocation, no I/O, not even a clock call while the refresh point is more than two ticks away.
 * The same {@link Credentials} instance is handed out until a refresh replaces it, so the SDK
 * objects built from it are cached downstream too.
 *
 * <p>Exactly one refresh per identity is in flight at any time, on a {@code credagent-refresh}
 * thread. It starts when the refresh point passes ({@link RefreshTiming}): woken by the scheduler,
 * or by the first lookup after that point should the timer be late (after a laptop's sleep, say).
 * Callers never wait while the current credentials are usable. Only when there are none (the first
 * lookup, or after they expired during an outage) do callers wait for the refresh in flight, and
 * then for a bounded time: they get a {@link CredentialException} rather than a hang.
 *
 * <p>On failure the current credentials keep being served while usable, the refresh is retried
 * with exponential backoff and jitter, and one line is logged per failure streak. While backing off
 * with nothing usable, callers get the last failure at once, so a hot loop cannot hammer STS. The
 * exception is the start: until the first credentials arrive, a transient failure (throttling, a
 * server error, the network; a fleet of JVMs starting together) makes callers wait for the retries,
 * within the first lookup's bound, instead of failing the application's first call.
 *
 * <p>This wraps sources whose SDK providers cache too (STS and SSO providers prefetch on their own).
 * Only the refresh thread calls the source, so their caches never block an application thread; and
 * when they hand back the credentials already held, the refresh simply looks again a little later.
 */
public final class RefreshingSource implements CredentialSource {

    /** How long callers with no usable credentials wait for the refresh in flight. */
    static final long WAIT_LIMIT = 5_000L;
    /** The same for the very first lookup, which also loads and builds the whole chain. */
    static final long FIRST_WAIT_LIMIT = 30_000L;

    private final CredentialSource source;
    private final Scheduler scheduler;
    private final Clock clock;
    /** The clock for the hot path: cheap, at most about one {@link TickingClock#TICK} behind {@link #clock}. */
    private final Clock ticks;
    private final RefreshTiming timing;
    private final long waitLimit;
    private final long firstWaitLimit;

    private volatile State state = State.EMPTY;
    private static final java.util.concurrent.atomic.AtomicReferenceFieldUpdater<RefreshingSource, State> STATE =
            java.util.concurrent.atomic.AtomicReferenceFieldUpdater.newUpdater(RefreshingSource.class, State.class, "state");
    private final AtomicReference<Attempt> inFlight = new AtomicReference<>();
    private final AtomicLong wakeUps = new AtomicLong();
    /** When the first attempt started, or {@code Long.MIN_VALUE}; the start phase ends with the first success. */
    private volatile long firstAttemptAt = Long.MIN_VALUE;
    private final AtomicLong refreshes = new AtomicLong();
    private volatile long lastRefreshAt = Long.MIN_VALUE;
    /** Notified whenever an attempt ends, for callers waiting out a transient failure at the start. */
    private final Object progress = new Object();

    RefreshingSource(CredentialSource source, Scheduler scheduler, Clock clock, Clock ticks, RefreshTiming timing,
                     long waitLimit, long firstWaitLimit) {
        this.source = source;
        this.scheduler = scheduler;
        this.clock = clock;
        this.ticks = ticks;
        this.timing = timing;
        this.waitLimit = waitLimit;
        this.firstWaitLimit = firstWaitLimit;
    }

    /** The production wiring: the shared daemon threads, the wall clock, random jitter. */
    public static RefreshingSource around(CredentialSource source) {
        return new RefreshingSource(source, DaemonScheduler.shared(), Clock.SYSTEM, TickingClock.shared(),
                new RefreshTiming(() -> ThreadLocalRandom.current().nextDouble()), WAIT_LIMIT, FIRST_WAIT_LIMIT);
    }

    @Override
    public Credentials resolve() {
        State current = state;
        if (ticks.millis() < current.tickedUntil) {
            return current.credentials;
        }
        long now = clock.millis();
        if (now < current.refreshAt) {
            return current.credentials;
        }
        return slowPath(current, now);
    }

    @Override
    public String describe() {
        return source.describe();
    }

    /**
     * A person has just fixed what the last attempt failed on (a login completed): the next lookup
     * tries again at once instead of waiting out the backoff.
     */
    public void retryNow() {
        State current = state;
        if (current.failure != null && current.credentials == null) {
            // Only over the failure read here: a refresh that just succeeded must not be undone.
            STATE.compareAndSet(this, current,
                    new State(null, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, current.failure, current.failures));
        }
    }

    /** What an operator sees ({@code status}): read from the current state, no lock, no call to the source. */
    public Status status() {
        State current = state;
        return new Status(current.credentials, lastRefreshAt == Long.MIN_VALUE ? null : Instant.ofEpochMilli(lastRefreshAt),
                current.refreshAt == Long.MIN_VALUE || current.refreshAt == Long.MAX_VALUE ? null
                        : Instant.ofEpochMilli(Math.max(current.refreshAt, current.retryAt)),
                refreshes.get(), current.failures, current.failure == null ? null : current.failure.getMessage());
    }

    /** One identity's cache as {@link #status()} sees it. */
    public static final class Status {
        public final Credentials credentials;
        public final Instant lastRefresh;
        public final Instant nextRefresh;
        public final long refreshes;
        public final int failures;
        public final String lastError;

        Status(Credentials credentials, Instant lastRefresh, Instant nextRefresh, long refreshes, int failures,
               String lastError) {
            this.credentials = credentials;
            this.lastRefresh = lastRefresh;
            this.nextRefresh = nextRefresh;
            this.refreshes = refreshes;
            this.failures = failures;
            this.lastError = lastError;
        }
    }

    private Credentials slowPath(State current, long now) {
        if (current.isUsable(now)) {
            startIfDue(now);
            return current.credentials;
        }
        Attempt attempt = startIfDue(now);
        if (attempt == null) {
            State latest = state;
            if (latest.isUsable(now)) {
                return latest.credentials; // a refresh finished in between
            }
            if (!startingAfterTransientFailure(latest)) {
                throw latest.failureForCaller(); // backing off after a failure
            }
            return awaitStart();
        }
        Credentials credentials = awaitUsable(attempt);
        return credentials != null ? credentials : awaitStart();
    }

    /** The first credentials have arrived: every success that brought new ones counts a refresh. */
    private boolean started() {
        return refreshes.get() > 0;
    }

    /** No credentials yet, the last failure may pass, and the first lookup's bound is not over. */
    private boolean startingAfterTransientFailure(State latest) {
        long first = firstAttemptAt;
        return !started() && latest.failure != null && latest.failure.isTransient() && first != Long.MIN_VALUE
                && clock.millis() < first + firstWaitLimit;
    }

    /**
     * Waits through the retries of a transient failure at the start, each started by the timer (or
     * here, should it be late), until credentials arrive or the first lookup's bound is over.
     */
    private Credentials awaitStart() {
        // Bounded on the monotonic clock: a wall clock stepped back (NTP at boot) must not stretch the wait.
        long remaining = Math.min(firstWaitLimit, firstAttemptAt + firstWaitLimit - clock.millis());
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, remaining));
        while (true) {
            State latest = state;
            long now = clock.millis();
            if (latest.isUsable(now)) {
                return latest.credentials;
            }
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            if (left <= 0 || latest.failure == null || !latest.failure.isTransient()) {
                throw latest.failure != null ? latest.failureForCaller() : timedOut(firstWaitLimit, latest);
            }
            Attempt running = startIfDue(now);
            try {
                if (running != null) {
                    running.done.await(left, TimeUnit.MILLISECONDS);
                } else {
                    synchronized (progress) {
                        progress.wait(Math.max(1, Math.min(left, latest.retryAt - now)));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CredentialException(CredentialException.Category.INTERNAL,
                        "interrupted while waiting for credentials");
            }
        }
    }

    /** Starts a refresh unless one is in flight or it is not yet time; returns the one in flight, or null. */
    private Attempt startIfDue(long now) {
        Attempt existing = inFlight.get();
        if (existing != null) {
            return existing;
        }
        if (!state.isDue(now)) {
            return null;
        }
        Attempt attempt = new Attempt(now, state == State.EMPTY);
        if (!inFlight.compareAndSet(null, attempt)) {
            return inFlight.get();
        }
        if (firstAttemptAt == Long.MIN_VALUE) {
            firstAttemptAt = now;
        }
        // Re-read after winning: a refresh that finished just before may have moved the refresh point.
        if (!state.isDue(now)) {
            inFlight.set(null);
            attempt.done.countDown();
            return null;
        }
        try {
            scheduler.execute(() -> run(attempt));
        } catch (RuntimeException | Error e) { // no thread could be started: refresh here instead
            run(attempt);
        }
        return attempt;
    }

    /** A timer wake-up; only the latest one scheduled counts, so at most one chain of wake-ups lives. */
    private void wakeUp(long generation) {
        if (generation != wakeUps.get()) {
            return;
        }
        if (startIfDue(clock.millis()) == null && inFlight.get() == null) {
            scheduleWakeUp(); // woke early (the wall clock moved): sleep again
        }
    }

    private void run(Attempt attempt) {
        try {
            Credentials fresh;
            try {
                fresh = source.resolve();
            } catch (CredentialException e) {
                failed(e);
                return;
            } catch (RuntimeException | LinkageError e) {
                failed(new CredentialException(CredentialException.Category.INTERNAL,
                        "refreshing credentials failed unexpectedly: " + e, e));
                return;
            }
            succeeded(fresh);
        } finally {
            inFlight.set(null);
            attempt.done.countDown();
            scheduleWakeUp();
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }

    private void succeeded(Credentials fresh) {
        State previous = state;
        long now = clock.millis();
        long expiresAt = fresh.expiration() == null ? Long.MAX_VALUE : fresh.expiration().toEpochMilli();
        boolean unknownExpiry = fresh.expiration() == null && fresh.sessionToken() != null;
        boolean same = previous.credentials != null && sameLifetime(previous.credentials, fresh);
        long usableUntil;
        if (unknownExpiry) {
            usableUntil = now + RefreshTiming.UNKNOWN_EXPIRY_USABLE; // re-confirmed by the source just now
        } else if (same) {
            usableUntil = previous.usableUntil; // the margin belongs to the whole lifetime, not to what is left
        } else {
            usableUntil = timing.usableUntil(now, expiresAt);
        }
        if (usableUntil <= now) {
            failed(new CredentialException(CredentialException.Category.SERVICE_ERROR, "credentials from "
                    + fresh.source() + " expire at " + fresh.expiration() + " and no newer ones are available;"
                    + " check the credential source (and this machine's clock)"));
            return;
        }
        long refreshAt = unknownExpiry ? now + RefreshTiming.UNKNOWN_EXPIRY_RECHECK
                : same ? timing.recheckAt(now, usableUntil) : timing.refreshAt(now, expiresAt);
        if (!same) {
            refreshes.incrementAndGet();
            lastRefreshAt = now;
        }
        Credentials kept = same ? previous.credentials : fresh; // keep the instance callers already cached
        state = new State(kept, Math.min(refreshAt, usableUntil), usableUntil, Long.MIN_VALUE, null, 0);
        if (previous.failures > 0 && previous.credentials != null) {
            Log.info("credential refresh recovered after " + previous.failures + " failed attempt"
                    + (previous.failures == 1 ? "" : "s"));
        }
    }

    private static boolean sameLifetime(Credentials held, Credentials fresh) {
        return held == fresh || held.equals(fresh);
    }

    private void failed(CredentialException error) {
        State previous = state;
        long now = clock.millis();
        int failures = previous.failures + 1;
        boolean usable = previous.isUsable(now);
        long retryAt = timing.retryAt(now, failures, usable ? previous.usableUntil : Long.MIN_VALUE);
        if (usable) {
            // Still serving: callers come back to the slow path at the retry point, or at expiry.
            state = new State(previous.credentials, Math.min(retryAt, previous.usableUntil), previous.usableUntil,
                    retryAt, error, failures);
            if (failures == 1) {
                Log.error("refreshing credentials failed, still using the current ones (usable until "
                        + java.time.Instant.ofEpochMilli(previous.usableUntil) + "), retrying with backoff: "
                        + error.getMessage());
            }
        } else {
            state = new State(null, Long.MIN_VALUE, Long.MIN_VALUE, retryAt, error, failures);
        }
    }

    private void scheduleWakeUp() {
        State current = state;
        long wakeAt = Math.max(current.refreshAt, current.retryAt);
        if (wakeAt == Long.MIN_VALUE || wakeAt == Long.MAX_VALUE) {
            return;
        }
        long generation = wakeUps.incrementAndGet();
        try {
            scheduler.schedule(() -> wakeUp(generation), wakeAt - clock.millis());
        } catch (RuntimeException | Error e) {
            // No timer: the next lookup after the refresh point starts the refresh instead.
        }
    }

    /** The credentials; null when the attempt failed transiently at the start (then {@link #awaitStart}). */
    private Credentials awaitUsable(Attempt attempt) {
        // Until the first credentials arrive every caller gets the first lookup's bound, counted from the first attempt.
        boolean starting = attempt.first || (!started() && firstAttemptAt != Long.MIN_VALUE);
        long limit = starting ? firstWaitLimit : waitLimit;
        long remaining = Math.min(limit, (starting ? firstAttemptAt : attempt.startedAt) + limit - clock.millis());
        boolean finished;
        try {
            finished = remaining > 0 && attempt.done.await(remaining, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CredentialException(CredentialException.Category.INTERNAL,
                    "interrupted while waiting for credentials");
        }
        State latest = state;
        if (latest.isUsable(clock.millis())) {
            return latest.credentials;
        }
        if (finished) {
            if (startingAfterTransientFailure(latest)) {
                return null; // the caller waits for the retries
            }
            throw latest.failureForCaller();
        }
        throw timedOut(limit, latest);
    }

    private static CredentialException timedOut(long limit, State latest) {
        return new CredentialException(CredentialException.Category.SERVICE_ERROR,
                "no credentials: looking them up has taken more than " + limit / 1000 + " s"
                        + " (a credential service is slow or unreachable); still trying in the background"
                        + (latest.failure != null ? "; last failure: " + latest.failure.getMessage() : ""));
    }

    /** One refresh: callers with nothing usable wait for {@link #done}. */
    private static final class Attempt {
        final long startedAt;
        final boolean first;
        final CountDownLatch done = new CountDownLatch(1);

        Attempt(long startedAt, boolean first) {
            this.startedAt = startedAt;
            this.first = first;
        }
    }

    /** Everything the hot path reads, replaced as a whole. */
    private static final class State {
        static final State EMPTY = new State(null, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, null, 0);

        /** Null when there are none (yet, or any more). */
        final Credentials credentials;
        /** Before this the hot path returns {@link #credentials} without further checks. */
        final long refreshAt;
        /**
         * {@link #refreshAt} less two ticks: while the ticking clock is before this, the real clock is
         * surely before {@link #refreshAt}, and the hot path need not read it.
         */
        final long tickedUntil;
        /** Until this {@link #credentials} may be handed out. */
        final long usableUntil;
        /** No refresh starts before this (backoff after a failure). */
        final long retryAt;
        /** The last failure of the current streak, or null. */
        final CredentialException failure;
        final int failures;

        State(Credentials credentials, long refreshAt, long usableUntil, long retryAt, CredentialException failure,
              int failures) {
            this.credentials = credentials;
            this.refreshAt = refreshAt;
            this.tickedUntil = refreshAt < Long.MIN_VALUE + 2 * TickingClock.TICK ? Long.MIN_VALUE
                    : refreshAt - 2 * TickingClock.TICK;
            this.usableUntil = usableUntil;
            this.retryAt = retryAt;
            this.failure = failure;
            this.failures = failures;
        }

        /** Time to refresh, and not backing off. */
        boolean isDue(long now) {
            return now >= refreshAt && now >= retryAt;
        }

        boolean isUsable(long now) {
            return credentials != null && now < usableUntil;
        }

        /** A fresh exception per caller (its own stack), with the failure's message and category. */
        CredentialException failureForCaller() {
            if (failure == null) {
                return new CredentialException(CredentialException.Category.INTERNAL,
                        "no credentials available and no failure recorded");
            }
            return new CredentialException(failure.category(), failure.getMessage(), failure);
        }
    }
}
