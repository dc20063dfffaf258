package io.credagent.bench;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.auth.STSAssumeRoleSessionCredentialsProvider;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.securitytoken.AWSSecurityTokenServiceClientBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * One run of the STS-calls benchmark, in a JVM whose wall clock is simulated ({@link SimulatedClock}):
 * {@code clients} clients on one role, each asking for credentials once per simulated second for
 * {@code hours} simulated hours, answered by {@link CountingSts} in this JVM. Modes:
 * <ul>
 *   <li>{@code v1}: a plain SDK v1 {@code STSAssumeRoleSessionCredentialsProvider} per client, with its
 *       defaults (900 s sessions, asynchronous refresh under 5 minutes left, blocking under 1 minute).</li>
 *   <li>{@code v2}: a plain SDK v2 {@code StsAssumeRoleCredentialsProvider} per client, with its
 *       defaults (no DurationSeconds, so STS's 3600 s; prefetch 2 to 5 minutes before expiry).</li>
 * </ul>
 * The SDK code runs unmodified. After each simulated second the loop waits until no AssumeRole is
 * being answered (and, for SDK v1, until its providers' refresh executors are idle) before the clock
 * moves on, so a slow machine sees the same sequence of times as a fast one. Prints {@code RESULT mode calls}.
 */
public final class StsCallsChild {

    static final long START_EPOCH_SECOND = 1_800_000_000L; // 2027-01-15T08:00:00Z
    static final String ROLE_ARN = "arn:aws:iam::111122223333:role/bench";
    static final String LONG_LIVED_KEY_ID = "AKIABENCHSTSCALLS001";
    static final String LONG_LIVED_SECRET = "benchStsCallsSecret";

    private StsCallsChild() {
    }

    /** Arguments: mode, STS port, clients, hours. Exits 0 only if every lookup got valid credentials. */
    public static void main(String[] args) {
        int exit;
        try {
            exit = run(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3])) ? 0 : 1;
        } catch (Throwable e) { // also when the lookups fail: the fake STS's server thread would keep the JVM alive
            e.printStackTrace();
            exit = 2;
        }
        System.exit(exit);
    }

    private static boolean run(String mode, int port, int clients, long hours) throws Exception {
        long seconds = Duration.ofHours(hours).getSeconds();
        SimulatedClock clock = SimulatedClock.ofThisJvm(START_EPOCH_SECOND);
        CountingSts sts = CountingSts.start(port);
        List<BooleanSupplier> busy = new ArrayList<>();
        busy.add(sts::busy);
        List<Supplier<String>> lookups = clients(mode, clients, sts, busy);

        long realStart = System.nanoTime();
        long badAnswers = 0;
        for (long second = 0; second < seconds; second++) {
            long now = START_EPOCH_SECOND + second;
            clock.set(now);
            for (Supplier<String> lookup : lookups) {
                Instant expiration = sts.expirationOf(lookup.get());
                if (expiration == null || expiration.getEpochSecond() <= now) {
                    badAnswers++; // not credentials the fake STS issued, or expired ones
                }
            }
            awaitIdle(busy);
            if ((second + 1) % 3600 == 0) {
                System.out.printf("%s: simulated hour %d done, %d AssumeRole calls so far, %d s real%n", mode,
                        (second + 1) / 3600, sts.calls(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - realStart));
            }
        }
        clock.set(START_EPOCH_SECOND + seconds);
        report(mode, clients, sts, badAnswers, realStart);
        return badAnswers == 0;
    }

    private static List<Supplier<String>> clients(String mode, int clients, CountingSts sts, List<BooleanSupplier> busy) {
        List<Supplier<String>> lookups = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            String session = "client-" + i;
            switch (mode) {
                case "v1": {
                    RefreshExecutor refresher = new RefreshExecutor();
                    busy.add(refresher::busy);
                    STSAssumeRoleSessionCredentialsProvider provider =
                            new STSAssumeRoleSessionCredentialsProvider.Builder(ROLE_ARN, session)
                                    .withStsClient(AWSSecurityTokenServiceClientBuilder.standard()
                                            .withEndpointConfiguration(new EndpointConfiguration(
                                                    sts.endpoint().toString(), "us-east-1"))
                                            .withCredentials(new AWSStaticCredentialsProvider(
                                                    new BasicAWSCredentials(LONG_LIVED_KEY_ID, LONG_LIVED_SECRET)))
                                            .build())
                                    .withAsyncRefreshExecutor(refresher)
                                    .build();
                    lookups.add(() -> provider.getCredentials().getAWSAccessKeyId());
                    break;
                }
                case "v2": {
                    StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder()
                            .stsClient(StsClient.builder().endpointOverride(sts.endpoint()).region(Region.US_EAST_1)
                                    .credentialsProvider(StaticCredentialsProvider.create(
                                            AwsBasicCredentials.create(LONG_LIVED_KEY_ID, LONG_LIVED_SECRET)))
                                    .build())
                            .refreshRequest(request -> request.roleArn(ROLE_ARN).roleSessionName(session))
                            .build();
                    lookups.add(() -> provider.resolveCredentials().accessKeyId());
                    break;
                }
                default:
                    throw new IllegalArgumentException("mode: v1 or v2, not " + mode);
            }
        }
        return lookups;
    }

    private static void awaitIdle(List<BooleanSupplier> busy) throws InterruptedException {
        for (BooleanSupplier check : busy) {
            while (check.getAsBoolean()) {
                Thread.sleep(0, 100_000);
            }
        }
    }

    private static void report(String mode, int clients, CountingSts sts, long badAnswers, long realStart) {
        Map<String, List<Long>> bySession = sts.callsBySession();
        int calls = sts.calls();
        long fewest = bySession.values().stream().mapToLong(List::size).min().orElse(0);
        long most = bySession.values().stream().mapToLong(List::size).max().orElse(0);
        long shortestGap = Long.MAX_VALUE;
        long longestGap = 0;
        for (List<Long> times : bySession.values()) {
            for (int i = 1; i < times.size(); i++) {
                shortestGap = Math.min(shortestGap, times.get(i) - times.get(i - 1));
                longestGap = Math.max(longestGap, times.get(i) - times.get(i - 1));
            }
        }
        Instant start = Instant.ofEpochSecond(START_EPOCH_SECOND);
        Instant end = Instant.ofEpochMilli(System.currentTimeMillis());
        System.out.printf("%s: %d clients; this JVM's wall clock went from %s to %s (%s simulated) in %d s real%n",
                mode, clients, start, end, Duration.between(start, end),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - realStart));
        System.out.printf("%s: %d AssumeRole calls, DurationSeconds asked %s; %d role session name(s), %d to %d calls"
                        + " each, %d to %d s between calls of one session%n", mode, calls, sts.callsByDuration(),
                bySession.size(), fewest, most, shortestGap == Long.MAX_VALUE ? 0 : shortestGap, longestGap);
        System.out.printf("%s: lookups answered with credentials the fake STS did not issue or that had expired: %d%n",
                mode, badAnswers);
        System.out.println("RESULT " + mode + " " + calls);
    }

    /**
     * What SDK v1 uses by default for each provider's asynchronous refresh (one daemon thread), and
     * says when a refresh is queued or running, so the clock does not move on while one is.
     */
    private static final class RefreshExecutor extends ThreadPoolExecutor {
        private static final AtomicInteger THREADS = new AtomicInteger();
        private final AtomicInteger pending = new AtomicInteger();

        RefreshExecutor() {
            super(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), task -> {
                Thread thread = new Thread(task, "sdk-v1-refresh-" + THREADS.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }

        @Override
        public void execute(Runnable task) {
            pending.incrementAndGet();
            try {
                super.execute(task);
            } catch (RuntimeException e) {
                pending.decrementAndGet();
                throw e;
            }
        }

        @Override
        protected void afterExecute(Runnable task, Throwable failure) {
            pending.decrementAndGet();
        }

        boolean busy() {
            return pending.get() > 0;
        }
    }
}
