package io.credagent.sharedcache;

import io.credagent.credentials.CredentialException;
import io.credagent.credentials.Credentials;
import io.credagent.log.Log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Temporary credentials shared by every process of the user on this host: the AWS CLI's
 * {@code ~/.aws/cli/cache} for role and SSO role credentials (its file names, its document), and
 * {@code ~/.aws/credagent/cache} in the same shape for {@code credential_process} results, which the
 * CLI does not cache. N JVMs on one identity then call the source once per credential lifetime,
 * and credentials the CLI cached serve JVMs and the other way round.
 *
 * <p>A lookup reads the entry; if it is stale it takes an in-JVM lock and a sidecar file lock
 * ({@code <key>.lock}, released by the kernel should the holder die), reads again, and only then
 * calls the source and writes the result: an owner-only temporary file moved atomically into
 * place. Waiting for the lock is bounded; after that the source is called without it rather than
 * fail. An unreadable, partial or foreign file is a miss. When the cache cannot be written, it is
 * said once and this JVM keeps its credentials in memory only. Only session credentials with an
 * expiration are ever written: never long-term keys.
 */
public final class SharedCache {

    /** How long a refresh waits for another process's refresh of the same entry. */
    static final long LOCK_WAIT = 10_000L;
    /**
     * The same for an MFA role, whose holder may be waiting for a person or a security key: longer,
     * and then a failure rather than a second prompt with a code STS would refuse as reused.
     */
    static final long MFA_LOCK_WAIT = 120_000L;
    /** Matches the in-memory cache: an entry is fresh until its last {@code min(5 min, lifetime / 4)}. */
    static final long REFRESH_WINDOW_MAX = 5 * 60_000L;
    private static final long LOCK_POLL = 20L;
    private static final int MAX_DOCUMENT = 64 * 1024;

    private static final Map<String, SharedCache> BY_HOME = new ConcurrentHashMap<>();
    /** One lock per entry file for the whole JVM: POSIX file locks do not exclude threads of one process. */
    private static final Map<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();
    private static final SharedCache MEMORY_ONLY = new SharedCache(null, null, System::currentTimeMillis, LOCK_WAIT, MFA_LOCK_WAIT);

    private final Path roleDirectory;
    private final Path processDirectory;
    private final LongSupplier clock;
    private final long lockWait;
    private final long mfaLockWait;
    private final boolean memoryOnly;
    /** False once writing failed: then this JVM still reads what others cached, and keeps its own to itself. */
    private volatile boolean writable = true;
    private final java.util.concurrent.atomic.AtomicBoolean lockingSaid = new java.util.concurrent.atomic.AtomicBoolean();

    SharedCache(Path roleDirectory, Path processDirectory, LongSupplier clock, long lockWait, long mfaLockWait) {
        this.roleDirectory = roleDirectory;
        this.processDirectory = processDirectory;
        this.clock = clock;
        this.lockWait = lockWait;
        this.mfaLockWait = mfaLockWait;
        this.memoryOnly = roleDirectory == null;
    }

    /** The cache under this home directory, one instance per home; memory only without a home. */
    public static SharedCache inHome(String homeDirectory) {
        if (homeDirectory == null || homeDirectory.isEmpty()) {
            return MEMORY_ONLY;
        }
        return BY_HOME.computeIfAbsent(homeDirectory, home -> new SharedCache(
                Paths.get(home, ".aws", "cli", "cache"), Paths.get(home, ".aws", "credagent", "cache"),
                System::currentTimeMillis, LOCK_WAIT, MFA_LOCK_WAIT));
    }

    /** Option {@code cache=memory}: every entry is a miss and nothing is written. */
    public static SharedCache memoryOnly() {
        return MEMORY_ONLY;
    }

    /** The CLI's entry for an AssumeRole or AssumeRoleWithWebIdentity with these arguments (see {@link CacheKey}). */
    public Entry assumeRole(Map<String, ?> args) {
        return memoryOnly ? null : new Entry(roleDirectory.resolve(CacheKey.assumeRole(args) + ".json"),
                CacheDocument.Kind.ROLE, args.containsKey("SerialNumber"));
    }

    public Entry ssoRole(String accountId, String roleName, String sessionName, String startUrl) {
        return memoryOnly ? null : new Entry(roleDirectory.resolve(
                CacheKey.ssoRole(accountId, roleName, sessionName, startUrl) + ".json"), CacheDocument.Kind.SSO, false);
    }

    /** credagent's entry for a profile's {@code credential_process} (per profile: its environment may differ). */
    public Entry credentialProcess(String command, String profileName) {
        return memoryOnly ? null : new Entry(processDirectory.resolve(
                CacheKey.credentialProcess(command, profileName) + ".json"), CacheDocument.Kind.PROCESS, false);
    }

    /**
     * Fresh credentials for this entry: another process's, or the source's (then shared).
     *
     * @param entry  null for a source that is not shared (long-term keys, containers, instance metadata)
     * @param source what read credentials are said to come from
     */
    public Credentials resolve(Entry entry, String source, Supplier<Credentials> fetch) {
        if (entry == null || memoryOnly) {
            return fetch.get();
        }
        Stored stored = read(entry, source);
        if (isFresh(stored)) {
            return shared(stored, entry, source);
        }
        try (Held ignored = lock(entry, true)) {
            stored = read(entry, source); // another process may have refreshed it while we waited
            if (isFresh(stored)) {
                return shared(stored, entry, source);
            }
            Credentials fresh = fetch.get();
            if (stored == null || !stored.credentials.accessKeyId().equals(fresh.accessKeyId())) {
                write(entry, fresh); // never re-stamp what is there: the file's time is the lifetime's start
            }
            return fresh;
        }
    }

    /**
     * Runs {@code refresh} holding the lock of another tool's cache file: an {@code aws login}
     * session, whose refresh token changes at every refresh, so processes must not refresh it at
     * once. Waiting is bounded as for this cache's own entries; with {@code cache=memory}, no lock.
     */
    public <T> T holdingLockOf(Path file, Supplier<T> refresh) {
        if (memoryOnly || file == null) {
            return refresh.get();
        }
        try (Held ignored = lock(new Entry(file, null, false), false)) {
            return refresh.get();
        }
    }

    private boolean isFresh(Stored stored) {
        return stored != null && isFresh(stored.credentials.expiration().toEpochMilli(), stored.writtenAt,
                clock.getAsLong());
    }

    private static Credentials shared(Stored stored, Entry entry, String source) {
        if (Log.isDebug()) {
            Log.debug("credentials for " + source + " read from the shared cache " + entry.file);
        }
        return stored.credentials;
    }

    /** The entry's credentials, fresh or not, and when it was written; null when missing, unreadable, partial or foreign. */
    private static Stored read(Entry entry, String source) {
        try {
            if (!Files.isRegularFile(entry.file) || Files.size(entry.file) > MAX_DOCUMENT) {
                return null;
            }
            long writtenAt = Files.getLastModifiedTime(entry.file).toMillis();
            Credentials credentials = CacheDocument.read(
                    new String(Files.readAllBytes(entry.file), StandardCharsets.UTF_8), source);
            return credentials == null ? null : new Stored(credentials, writtenAt);
        } catch (IOException | RuntimeException e) {
            return null; // vanished meanwhile, or unreadable: a miss
        }
    }

    /** An entry as read: its credentials and its file's modification time. */
    private static final class Stored {
        final Credentials credentials;
        final long writtenAt;

        Stored(Credentials credentials, long writtenAt) {
            this.credentials = credentials;
            this.writtenAt = writtenAt;
        }
    }

    /** Before the refresh window of the in-memory cache, taking the file's time as the start of the lifetime. */
    static boolean isFresh(long expiresAt, long writtenAt, long now) {
        long lifetime = Math.max(0, expiresAt - writtenAt);
        long window = Math.min(REFRESH_WINDOW_MAX, lifetime / 4);
        return expiresAt - now > window;
    }

    private void write(Entry entry, Credentials credentials) {
        if (!writable || credentials.sessionToken() == null || credentials.expiration() == null) {
            return;
        }
        try {
            OwnerOnlyFiles.write(entry.file, CacheDocument.render(credentials, entry.kind));
        } catch (IOException | RuntimeException e) {
            unwritable(entry.file.getParent(), e);
        }
    }

    /**
     * @param own this cache's entry (a failure to lock makes this cache read-only, said once), or
     *            another tool's file (a failure only means refreshing without the lock)
     */
    private Held lock(Entry entry, boolean own) {
        if (own && !writable) {
            return Held.NOTHING; // no lock files either; reading what others wrote goes on
        }
        long wait = entry.asksPerson ? mfaLockWait : lockWait;
        ReentrantLock local = IN_JVM.computeIfAbsent(entry.file, file -> new ReentrantLock());
        long deadline = clock.getAsLong() + wait;
        try {
            if (!local.tryLock(wait, TimeUnit.MILLISECONDS)) {
                return gaveUp(entry, wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Held.NOTHING;
        }
        Path lockFile = entry.file.resolveSibling(entry.file.getFileName().toString().replace(".json", ".lock"));
        FileChannel channel = null;
        try {
            OwnerOnlyFiles.createDirectories(lockFile.getParent());
        } catch (IOException | RuntimeException e) {
            local.unlock();
            if (own) {
                unwritable(lockFile.getParent(), e);
            }
            return Held.NOTHING;
        }
        try {
            channel = openLockFile(lockFile);
            while (true) {
                FileLock fileLock = channel.tryLock();
                if (fileLock != null) {
                    return new Held(local, channel);
                }
                if (clock.getAsLong() >= deadline) {
                    closeQuietly(channel);
                    local.unlock();
                    return gaveUp(entry, wait);
                }
                Thread.sleep(LOCK_POLL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // No file locks here (NFS without lockd, say): refresh unlocked, as the AWS CLI always does.
            if (lockingSaid.compareAndSet(false, true)) {
                Log.info("cannot lock " + lockFile + " (" + e + "); refreshing without locking, so processes on this"
                        + " host may refresh the same credentials at once");
            }
        }
        closeQuietly(channel);
        local.unlock();
        return Held.NOTHING;
    }

    /** Another process holds the entry past the wait: refresh anyway, except where that would ask a person twice. */
    private static Held gaveUp(Entry entry, long wait) {
        if (entry.asksPerson) {
            throw new CredentialException(CredentialException.Category.NEEDS_PERSON, "another process has been getting"
                    + " the MFA session " + entry.file + " for more than " + wait / 1000 + " s (waiting for a code);"
                    + " finish that first, then try again");
        }
        Log.info("another process has been refreshing " + entry.file + " for more than "
                + wait / 1000 + " s; refreshing without waiting for it");
        return Held.NOTHING;
    }

    private static FileChannel openLockFile(Path lockFile) throws IOException {
        try {
            return FileChannel.open(lockFile, java.util.EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    OwnerOnlyFiles.ownerOnly());
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return FileChannel.open(lockFile, StandardOpenOption.WRITE);
        }
    }

    private void unwritable(Path directory, Exception e) {
        if (writable) {
            writable = false;
            Log.error("cannot write the shared credential cache " + directory + " (" + e + "); this JVM keeps the"
                    + " credentials it fetches to itself (it still uses what other processes cached): make the directory"
                    + " this user's, or set cache=memory to silence this");
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing releases the lock; nothing else to do
            }
        }
    }

    /** One entry file and how it is written. */
    public static final class Entry {
        final Path file;
        final CacheDocument.Kind kind;
        /** An MFA role: refreshing it asks for a code. */
        final boolean asksPerson;

        Entry(Path file, CacheDocument.Kind kind, boolean asksPerson) {
            this.file = file;
            this.kind = kind;
            this.asksPerson = asksPerson;
        }

        @Override
        public String toString() {
            return file.toString();
        }
    }

    /** The locks taken for one refresh; closing releases them. */
    private static final class Held implements AutoCloseable {
        static final Held NOTHING = new Held(null, null);

        private final ReentrantLock local;
        private final FileChannel channel;

        Held(ReentrantLock local, FileChannel channel) {
            this.local = local;
            this.channel = channel;
        }

        @Override
        public void close() {
            closeQuietly(channel);
            if (local != null) {
                local.unlock();
            }
        }
    }
}
