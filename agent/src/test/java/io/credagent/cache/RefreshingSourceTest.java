package io.credagent.cache;

import io.credagent.credentials.CredentialException;
import io.credagent.credentials.CredentialSource;
import io.credagent.credentials.Credentials;
import io.credagent.log.CapturedLog;
import io.credagent.log.Log;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RefreshingSourceTest {

    private static final long HOUR = 3_600_000L;
    private static final long START = 1_700_000_000_000L;

    private final AtomicLong now = new AtomicLong(START);
    private final ScriptedSource source = new ScriptedSource(now::get, HOUR);
    private final ManualScheduler scheduler = new ManualScheduler();

    /** Jitter 0: refreshes at exactly min(5 min, lifetime / 4) before expiry. */
    private RefreshingSource cache(long waitLimit) {
        return new RefreshingSource(source, scheduler, now::get, now::get, new RefreshTiming(() -> 0.0), waitLimit, waitLimit);
    }

    private RefreshingSource warm() {
        scheduler.runImmediately();
        RefreshingSource cache = cache(5_000L);
        cache.resolve();
        return cache;
    }

    private void advance(long millis) {
        now.addAndGet(millis);
    }

    /** A credential_process document without Expiration: the SDK says Instant.MAX, "never". */
    @Test
    void credentialsTheSourceSaysNeverExpireAreServed() {
        scheduler.runImmediately();
        Credentials forever = new Credentials("ASIAFOREVER12345678", "secret", "token", Instant.MAX, null, "process");
        RefreshingSource cache = new RefreshingSource(new CredentialSource() {
            @Override
            public Credentials resolve() {
                return forever;
            }

            @Override
            public String describe() {
                return "process";
            }
        }, scheduler, now::get, now::get, new RefreshTiming(() -> 0.0), 5_000L, 5_000L);
        assertSame(forever, cache.resolve());
        advance(HOUR);
        assertSame(forever, cache.resolve());
    }

    @Test
    void warmLookupsReturnTheSameInstanceWithoutAskingTheSource() {
        RefreshingSource cache = warm();
        Credentials first = cache.resolve();
        for (int i = 0; i < 1000; i++) {
            advance(1000);
            assertSame(first, cache.resolve());
        }
        assertEquals(1, source.calls());
    }

    @Test
    void warmLookupsDoNotReadTheRealClockWhileTheTickIsWellBeforeTheRefreshPoint() {
        scheduler.runImmediately();
        AtomicLong realClockReads = new AtomicLong();
        RefreshingSource cache = new RefreshingSource(source, scheduler, () -> {
            realClockReads.incrementAndGet();
            return now.get();
        }, now::get, new RefreshTiming(() -> 0.0), 5_000L, 5_000L);
        Credentials first = cache.resolve();
        realClockReads.set(0);
        for (int i = 0; i < 1000; i++) {
            assertSame(first, cache.resolve());
        }
        assertEquals(0, realClockReads.get());
    }

    @Test
    void aTickUpToOneTickBehindStillRefreshesAtTheRefreshPoint() {
        scheduler.runImmediately();
        RefreshingSource cache = new RefreshingSource(source, scheduler, now::get,
                () -> now.get() - TickingClock.TICK, new RefreshTiming(() -> 0.0), 5_000L, 5_000L);
        Credentials first = cache.resolve();
        advance(HOUR - 300_001L);
        assertSame(first, cache.resolve(), "just before the refresh point");
        assertEquals(1, source.calls());
        advance(1);
        cache.resolve();
        assertEquals(2, source.calls(), "at the refresh point the lagging tick does not hide it");
        assertNotSame(first, cache.resolve());
    }

    @Test
    void withoutATickEveryLookupReadsTheRealClock() {
        scheduler.runImmediately();
        RefreshingSource cache = new RefreshingSource(source, scheduler, now::get, () -> Long.MAX_VALUE,
                new RefreshTiming(() -> 0.0), 5_000L, 5_000L);
        Credentials first = cache.resolve();
        advance(HOUR - 300_000L);
        cache.resolve();
        assertEquals(2, source.calls());
        assertNotSame(first, cache.resolve());
    }

    @Test
    void refreshesInTheBackgroundBeforeExpiryWithoutMakingCallersWait() {
        ManualScheduler queued = new ManualScheduler();
        RefreshingSource cache = new RefreshingSource(source, queued, now::get, now::get, new RefreshTiming(() -> 0.0),
                5_000L, 5_000L);
        Thread filler = new Thread(() -> {
            while (queued.queuedRefreshes() == 0) {
                Thread.yield();
            }
            queued.runQueued();
        });
        filler.start();
        Credentials first = cache.resolve(); // the first lookup waits for the first refresh
        assertEquals(1, source.calls());
        // The filler may still be polling the queue after the refresh it ran: a refresh queued
        // below must wait for the test, not run on the filler.
        join(filler);

        advance(HOUR - 300_001L);
        assertSame(first, cache.resolve(), "before the refresh point: no refresh");
        assertEquals(0, queued.queuedRefreshes());

        advance(2);
        for (int i = 0; i < 100; i++) {
            assertSame(first, cache.resolve(), "callers keep the current credentials while the refresh runs");
        }
        assertEquals(1, queued.queuedRefreshes(), "exactly one refresh in flight");
        assertEquals(1, source.calls());

        queued.runQueued();
        Credentials second = cache.resolve();
        assertNotSame(first, second);
        assertEquals(2, source.calls());
    }

    @Test
    void theSchedulerWakesTheRefreshUpAtTheRefreshPoint() {
        RefreshingSource cache = warm();
        assertEquals(HOUR - 300_000L, scheduler.lastWakeUpDelay());
        scheduler.fireWakeUps();
        assertEquals(1, source.calls(), "an early wake-up does nothing");
        advance(HOUR - 300_000L);
        scheduler.fireWakeUps();
        assertEquals(2, source.calls(), "refreshed with no lookup at all");
        assertEquals(START + 2 * HOUR - 300_000L, cache.resolve().expiration().toEpochMilli() - 0);
    }

    @Test
    void aFailedRefreshKeepsServingTheCurrentCredentialsAndBacksOff() {
        try (CapturedLog log = new CapturedLog(Log.Level.INFO)) {
            RefreshingSource cache = warm();
            Credentials first = cache.resolve();
            source.failWith("Sts ServiceUnavailable (HTTP 503): try later");
            advance(HOUR - 300_000L);
            assertSame(first, cache.resolve());
            assertEquals(2, source.calls());
            for (int i = 0; i < 100; i++) {
                assertSame(first, cache.resolve());
            }
            assertEquals(2, source.calls(), "no new attempt before the backoff ends");

            for (int attempt = 0; attempt < 5; attempt++) {
                advance(20_000L);
                assertSame(first, cache.resolve());
            }
            assertEquals(7, source.calls(), "one attempt per backoff period");
            assertEquals(1, log.lines(), "one line per failure streak: " + log.text());
            assertTrue(log.text().contains("refreshing credentials failed, still using the current ones"), log.text());
            assertTrue(log.text().contains("503"), log.text());

            source.failWith(null);
            advance(20_000L);
            cache.resolve();
            Credentials recovered = cache.resolve();
            assertNotSame(first, recovered);
            assertTrue(log.text().contains("credential refresh recovered after 6 failed attempts"), log.text());
        }
    }

    @Test
    void afterExpiryCallersGetTheFailureAtOnceAndTheSourceIsNotHammered() {
        RefreshingSource cache = warm();
        source.failWith("Sts Throttling (HTTP 400): Rate exceeded");
        advance(HOUR); // past usable (expiry minus 1 minute), with no refresh having succeeded
        CredentialException e = assertThrows(CredentialException.class, cache::resolve);
        assertTrue(e.getMessage().contains("Throttling"), e.getMessage());
        int calls = source.calls();
        for (int i = 0; i < 1000; i++) {
            assertThrows(CredentialException.class, cache::resolve);
        }
        assertEquals(calls, source.calls(), "backing off: failures come from the last attempt");

        source.failWith(null);
        scheduler.fireWakeUps(); // not due yet
        assertEquals(calls, source.calls());
        advance(20_000L);
        scheduler.fireWakeUps(); // recovery in the background, no caller needed
        assertEquals(calls + 1, source.calls());
        assertEquals(START + HOUR + 20_000L + HOUR, cache.resolve().expiration().toEpochMilli());
    }

    /**
     * A fleet starting together against a throttling STS: the first lookup waits through the
     * retries (real timer and clock, 1 s and 2 s of backoff) instead of failing the first call.
     */
    @Test
    void atTheStartATransientFailureIsWaitedOutWithinTheFirstLookupsBound() {
        AtomicInteger calls = new AtomicInteger();
        CredentialSource throttledTwice = new CredentialSource() {
            @Override
            public Credentials resolve() {
                if (calls.incrementAndGet() <= 2) {
                    throw new CredentialException(CredentialException.Category.SERVICE_ERROR, "STS is throttling",
                            software.amazon.awssdk.core.exception.SdkServiceException.builder().statusCode(429).build());
                }
                return new Credentials("ASIASTARTED", "secret", "token", Instant.now().plusSeconds(3600), null, "test");
            }

            @Override
            public String describe() {
                return "throttled twice";
            }
        };
        RefreshingSource cache = new RefreshingSource(throttledTwice, DaemonScheduler.shared(), Clock.SYSTEM, Clock.SYSTEM,
                new RefreshTiming(() -> 0.0), 5_000, 20_000);

        assertEquals("ASIASTARTED", cache.resolve().accessKeyId());
        assertEquals(3, calls.get());
    }

    /** A caller arriving while a retry runs gets the first lookup's bound too, not the 0.5 s of later lookups. */
    @Test
    void aCallerArrivingDuringARetryAtTheStartWaitsForIt() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch retrying = new CountDownLatch(1);
        CredentialSource slowAfterThrottling = new CredentialSource() {
            @Override
            public Credentials resolve() {
                if (calls.incrementAndGet() == 1) {
                    throw new CredentialException(CredentialException.Category.SERVICE_ERROR, "STS is throttling",
                            software.amazon.awssdk.core.exception.SdkServiceException.builder().statusCode(429).build());
                }
                retrying.countDown();
                try {
                    Thread.sleep(1_500); // a slow retry (waiting for another process's lock, say)
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new Credentials("ASIARETRIED", "secret", "token", Instant.now().plusSeconds(3600), null, "test");
            }

            @Override
            public String describe() {
                return "slow after throttling";
            }
        };
        RefreshingSource cache = new RefreshingSource(slowAfterThrottling, DaemonScheduler.shared(), Clock.SYSTEM,
                Clock.SYSTEM, new RefreshTiming(() -> 0.0), 500, 20_000);
        ExecutorService first = Executors.newSingleThreadExecutor();
        try {
            Future<Credentials> firstCaller = first.submit(cache::resolve);
            assertTrue(retrying.await(10, TimeUnit.SECONDS));
            assertEquals("ASIARETRIED", cache.resolve().accessKeyId(), "the late caller waited for the retry");
            assertEquals("ASIARETRIED", firstCaller.get(10, TimeUnit.SECONDS).accessKeyId());
        } finally {
            first.shutdownNow();
        }
    }

    @Test
    void aRefusalAtTheStartStillFailsAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        CredentialSource refused = new CredentialSource() {
            @Override
            public Credentials resolve() {
                calls.incrementAndGet();
                throw new CredentialException(CredentialException.Category.SERVICE_ERROR, "AccessDenied",
                        software.amazon.awssdk.core.exception.SdkServiceException.builder().statusCode(403).build());
            }

            @Override
            public String describe() {
                return "refused";
            }
        };
        RefreshingSource cache = new RefreshingSource(refused, DaemonScheduler.shared(), Clock.SYSTEM, Clock.SYSTEM,
                new RefreshTiming(() -> 0.0), 5_000, 20_000);

        CredentialException e = assertThrows(CredentialException.class, cache::resolve);
        assertEquals("AccessDenied", e.getMessage());
        assertThrows(CredentialException.class, cache::resolve);
        assertEquals(1, calls.get(), "backing off, and nobody waits for a refusal");
    }

    @Test
    void theFirstLookupFailsWithTheSourcesMessage() {
        scheduler.runImmediately();
        source.failWith("profile 'dev' not found");
        RefreshingSource cache = cache(5_000L);
        CredentialException e = assertThrows(CredentialException.class, cache::resolve);
        assertEquals("profile 'dev' not found", e.getMessage());
        assertEquals(CredentialException.Category.SERVICE_ERROR, e.category());
    }

    @Test
    void callersWaitABoundedTimeForARefreshThatHangs() {
        RefreshingSource cache = cache(200L); // a queued refresh that never runs
        long started = System.nanoTime();
        CredentialException e = assertThrows(CredentialException.class, cache::resolve);
        assertTrue(e.getMessage().startsWith("no credentials: looking them up has taken more than"), e.getMessage());
        assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(150));
        assertEquals(1, scheduler.queuedRefreshes(), "still the one refresh");
        assertThrows(CredentialException.class, cache::resolve);
        assertEquals(1, scheduler.queuedRefreshes(), "no second refresh while the first hangs");
        scheduler.runQueued();
        assertEquals(1, source.calls());
        cache.resolve();
    }

    @Test
    void credentialsWithoutExpirationAreKeptAndLookedUpAgainEveryMinute() {
        source.lifetime(Long.MAX_VALUE);
        RefreshingSource cache = warm();
        Credentials first = cache.resolve();
        advance(59_999L);
        assertSame(first, cache.resolve());
        assertEquals(1, source.calls());
        advance(1L);
        cache.resolve(); // starts the re-check (here: runs it at once), answers from what it had
        Credentials again = cache.resolve();
        assertEquals(2, source.calls());
        assertNotSame(first, again, "a new number from the scripted source");

        source.failWith("credentials file unreadable");
        advance(120_000L);
        assertSame(again, cache.resolve(), "keys without expiry stay usable when a re-check fails");
    }

    @Test
    void sessionCredentialsWithoutExpirationAreReconfirmedEveryFiveSecondsAndDroppedWhenTheSourceFails() {
        Credentials sso = new Credentials("ASIASSO000000000001", "ssoSecret", "ssoToken", null, null, "sso");
        source.always(sso);
        RefreshingSource cache = warm();
        advance(5_000L);
        assertSame(sso, cache.resolve());
        assertEquals(2, source.calls(), "re-confirmed after 5 s");
        source.failWith("Sso UnauthorizedException (HTTP 401): Session token not found or invalid");
        advance(5_000L);
        assertSame(sso, cache.resolve(), "still within 15 s of the last confirmation");
        advance(9_999L);
        assertSame(sso, cache.resolve());
        advance(1L);
        CredentialException e = assertThrows(CredentialException.class, cache::resolve);
        assertTrue(e.getMessage().contains("401"), e.getMessage());
    }

    @Test
    void aSourceHandingBackItsCachedCredentialsIsAskedAgainSoonNotInALoop() {
        Credentials cached = ScriptedSource.issue(7, Instant.ofEpochMilli(START + HOUR));
        source.always(cached);
        RefreshingSource cache = warm();
        advance(HOUR - 300_000L);
        assertSame(cached, cache.resolve());
        assertEquals(2, source.calls());
        for (int i = 0; i < 100; i++) {
            cache.resolve();
        }
        assertEquals(2, source.calls());
        advance(30_000L);
        cache.resolve();
        assertEquals(3, source.calls());
        advance(300_000L - 60_000L - 30_000L); // the 1-minute margin of the whole lifetime still holds
        assertThrows(CredentialException.class, cache::resolve);
    }

    @Test
    void credentialsThatAreAlreadyExpiredAreNotHandedOut() {
        source.lifetime(-1_000L);
        scheduler.runImmediately();
        RefreshingSource cache = cache(5_000L);
        CredentialException e = assertThrows(CredentialException.class, cache::resolve);
        assertTrue(e.getMessage().contains("no newer ones are available"), e.getMessage());
    }

    @Test
    void sixtyFourThreadsAskingAtOnceCauseOneLookup() throws Exception {
        ScriptedSource slow = new ScriptedSource(System::currentTimeMillis, HOUR).delay(200);
        RefreshingSource cache = RefreshingSource.around(slow);
        ExecutorService pool = Executors.newFixedThreadPool(64);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Credentials>> answers = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return cache.resolve();
                }));
            }
            go.countDown();
            Credentials first = answers.get(0).get(60, TimeUnit.SECONDS);
            for (Future<Credentials> answer : answers) {
                assertSame(first, answer.get(60, TimeUnit.SECONDS));
            }
            assertEquals(1, slow.calls());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refreshThreadsAreDaemonsNamedCredagentRefresh() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        Thread[] seen = new Thread[1];
        DaemonScheduler.shared().execute(() -> {
            seen[0] = Thread.currentThread();
            ran.countDown();
        });
        assertTrue(ran.await(30, TimeUnit.SECONDS));
        assertTrue(seen[0].isDaemon());
        assertTrue(seen[0].getName().startsWith("credagent-refresh-"), seen[0].getName());
        assertFalse(seen[0].getContextClassLoader() != DaemonScheduler.class.getClassLoader());
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
