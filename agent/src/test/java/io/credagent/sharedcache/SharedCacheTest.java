package io.credagent.sharedcache;

import io.credagent.credentials.Credentials;
import io.credagent.log.CapturedLog;
import io.credagent.log.Log;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedCacheTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/Admin";

    @TempDir
    Path home;

    private final AtomicInteger fetches = new AtomicInteger();

    /** Each instance stands for one process: same files, its own state. */
    private SharedCache process() {
        return new SharedCache(home.resolve(".aws/cli/cache"), home.resolve(".aws/credagent/cache"),
                System::currentTimeMillis, 2_000L, 1_000L);
    }

    private Supplier<Credentials> source(Duration lifetime) {
        return () -> {
            int n = fetches.incrementAndGet();
            return new Credentials("ASIAFETCHED0000000" + n, "secret" + n, "token" + n,
                    Instant.now().plus(lifetime), "123456789012", "profile 'admin'");
        };
    }

    private SharedCache.Entry entry(SharedCache cache) {
        return cache.assumeRole(Collections.singletonMap("RoleArn", ROLE));
    }

    @Test
    void aSecondProcessReusesWhatTheFirstFetched() throws Exception {
        SharedCache first = process();
        Credentials fetched = first.resolve(entry(first), "profile 'admin'", source(Duration.ofHours(1)));
        SharedCache second = process();
        Credentials reused = second.resolve(entry(second), "profile 'admin'", source(Duration.ofHours(1)));

        assertEquals(1, fetches.get());
        assertEquals(fetched.accessKeyId(), reused.accessKeyId());
        assertEquals(fetched.sessionToken(), reused.sessionToken());
        assertEquals(fetched.expiration().getEpochSecond(), reused.expiration().getEpochSecond());
        Path file = home.resolve(".aws/cli/cache/51e7b105b5040ce662656c8dc6ab4de70c4de7ad.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        try (java.util.stream.Stream<Path> left = Files.list(file.getParent())) {
            assertEquals(0, left.filter(p -> p.toString().endsWith(".tmp")).count(), "no temporary file is left");
        }
    }

    @Test
    void anEntryInItsRefreshWindowIsRefreshedAndReplaced() throws Exception {
        SharedCache cache = process();
        Path file = entry(cache).file;
        Files.createDirectories(file.getParent());
        // 20 minutes old, 4 minutes left: inside the last 5 minutes
        Files.write(file, ("{\"Credentials\": {\"AccessKeyId\": \"ASIAOLD\", \"SecretAccessKey\": \"s\", \"SessionToken\": \"t\","
                + " \"Expiration\": \"" + CacheDocument.formatExpiration(Instant.now().plusSeconds(240), CacheDocument.Kind.ROLE)
                + "\"}}").getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(1200)));

        Credentials fresh = cache.resolve(entry(cache), "p", source(Duration.ofHours(1)));

        assertEquals(1, fetches.get());
        assertEquals(fresh.accessKeyId(), CacheDocument.read(new String(Files.readAllBytes(file), StandardCharsets.UTF_8), "p")
                .accessKeyId());
    }

    @Test
    void freshnessFollowsTheInMemoryRefreshWindow() {
        long hour = 3_600_000L;
        assertTrue(SharedCache.isFresh(hour, 0, hour - 301_000L));
        assertFalse(SharedCache.isFresh(hour, 0, hour - 299_000L));
        // a 20 s lifetime: fresh until its last 5 s
        assertTrue(SharedCache.isFresh(20_000L, 0, 14_000L));
        assertFalse(SharedCache.isFresh(20_000L, 0, 15_001L));
        assertFalse(SharedCache.isFresh(20_000L, 0, 21_000L));
    }

    @Test
    void aCorruptOrForeignFileIsAMissAndIsReplaced() throws Exception {
        SharedCache cache = process();
        Path file = entry(cache).file;
        Files.createDirectories(file.getParent());
        for (String content : new String[] {"{\"Credentials\": {\"AccessKeyId\": \"ASIA", "not json", "{\"foo\": 1}"}) {
            Files.write(file, content.getBytes(StandardCharsets.UTF_8));
            cache.resolve(entry(cache), "p", source(Duration.ofHours(1)));
        }
        assertEquals(3, fetches.get());
        assertEquals("ASIAFETCHED00000003", CacheDocument.read(
                new String(Files.readAllBytes(file), StandardCharsets.UTF_8), "p").accessKeyId());
    }

    @Test
    void longTermKeysAreNeverWritten() throws Exception {
        SharedCache cache = process();
        SharedCache.Entry entry = entry(cache);
        cache.resolve(entry, "p", () -> new Credentials("AKIALONGTERM", "secret", null, null, null, "p"));
        cache.resolve(entry, "p", () -> new Credentials("AKIALONGTERM", "secret", null, Instant.now().plusSeconds(3600), null, "p"));
        assertFalse(Files.exists(entry.file));
        assertFalse(Files.exists(home.resolve(".aws/cli/cache")) && containsSecret(home.resolve(".aws/cli/cache")));
    }

    private static boolean containsSecret(Path directory) throws Exception {
        try (java.util.stream.Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (new String(Files.readAllBytes(file), StandardCharsets.UTF_8).contains("secret")) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void anUnwritableHomeIsSaidOnceAndTheJvmKeepsItsOwnCredentials() throws Exception {
        Files.write(home.resolve(".aws"), new byte[0]); // a file where the directory should be
        SharedCache cache = process();
        try (CapturedLog log = new CapturedLog(Log.Level.INFO)) {
            for (int i = 0; i < 3; i++) {
                cache.resolve(entry(cache), "p", source(Duration.ofHours(1)));
            }
            assertEquals(3, fetches.get());
            assertEquals(1, log.lines(), log.text());
            assertTrue(log.text().startsWith("credagent: cannot write the shared credential cache " + home.resolve(".aws/cli/cache")),
                    log.text());
            assertTrue(log.text().contains("this JVM keeps the credentials it fetches to itself"), log.text());
        }
    }

    @Test
    void threadsOfOneProcessCallTheSourceOnce() throws Exception {
        SharedCache cache = process();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Credentials>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return cache.resolve(entry(cache), "p", () -> {
                        sleep(100);
                        return source(Duration.ofHours(1)).get();
                    });
                }));
            }
            start.countDown();
            for (Future<Credentials> result : results) {
                assertEquals("ASIAFETCHED00000001", result.get(10, TimeUnit.SECONDS).accessKeyId());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, fetches.get());
    }

    /** Handing back what is there already (a source's own cache) must not make it look newly issued. */
    @Test
    void credentialsTheEntryAlreadyHoldsAreNotWrittenAgain() throws Exception {
        SharedCache cache = process();
        Path file = entry(cache).file;
        Credentials old = new Credentials("ASIAOLD", "s", "t", Instant.now().plusSeconds(200), null, "p");
        Files.createDirectories(file.getParent());
        Files.write(file, CacheDocument.render(old, CacheDocument.Kind.ROLE).getBytes(StandardCharsets.UTF_8));
        java.nio.file.attribute.FileTime issued = java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(3400));
        Files.setLastModifiedTime(file, issued);

        assertEquals("ASIAOLD", cache.resolve(entry(cache), "p", () -> old).accessKeyId());

        assertEquals(issued, Files.getLastModifiedTime(file));
    }

    /** An MFA session being fetched elsewhere is waited for, then a failure: never a second prompt. */
    @Test
    void anMfaEntryHeldElsewhereIsNeverRefreshedWithoutTheLock() throws Exception {
        SharedCache cache = process();
        SharedCache.Entry mfa = cache.assumeRole(new java.util.TreeMap<String, Object>() {{
            put("RoleArn", ROLE);
            put("SerialNumber", "arn:aws:iam::123456789012:mfa/alice");
        }});
        CountDownLatch asking = new CountDownLatch(1);
        CountDownLatch answered = new CountDownLatch(1);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<Credentials> person = other.submit(() -> cache.resolve(mfa, "p", () -> {
                asking.countDown();
                try {
                    answered.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return source(Duration.ofHours(1)).get();
            }));
            assertTrue(asking.await(10, TimeUnit.SECONDS));

            io.credagent.credentials.CredentialException e = org.junit.jupiter.api.Assertions.assertThrows(
                    io.credagent.credentials.CredentialException.class, () -> cache.resolve(mfa, "p", source(Duration.ofHours(1))));
            assertTrue(e.getMessage().startsWith("another process has been getting the MFA session "), e.getMessage());
            assertEquals(io.credagent.credentials.CredentialException.Category.NEEDS_PERSON, e.category());
            answered.countDown();
            person.get(10, TimeUnit.SECONDS);
        } finally {
            other.shutdownNow();
        }
        assertEquals(1, fetches.get(), "asked once");
    }

    @Test
    void memoryOnlyNeitherReadsNorWrites() {
        SharedCache memory = SharedCache.memoryOnly();
        assertEquals(null, memory.assumeRole(Collections.singletonMap("RoleArn", ROLE)));
        memory.resolve(null, "p", source(Duration.ofHours(1)));
        memory.resolve(null, "p", source(Duration.ofHours(1)));
        assertEquals(2, fetches.get());
        assertFalse(Files.exists(home.resolve(".aws")));
    }

    @Test
    void processEntriesLiveBesideTheCliCache() {
        SharedCache cache = process();
        SharedCache.Entry entry = cache.credentialProcess("/usr/bin/get-creds --profile x", "x");
        assertEquals(home.resolve(".aws/credagent/cache"), entry.file.getParent());
        assertNotEquals(entry(cache).file, entry.file);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
