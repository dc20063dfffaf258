package io.credagent.it.apps;

import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.securitytoken.AWSSecurityTokenService;
import com.amazonaws.services.securitytoken.AWSSecurityTokenServiceClientBuilder;
import com.amazonaws.services.securitytoken.model.GetCallerIdentityRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * An unmodified program under load: {@code threads} threads, each with its own STS client from the
 * default credential chain, calling GetCallerIdentity for {@code seconds}, pausing {@code pauseMillis}
 * between calls. Arguments: endpoint, {@code v1|v2|mixed} (mixed: even threads v1, odd v2), threads,
 * seconds, pauseMillis. With {@code -Dload.pidfile=<path>} it writes its pid there once its clients
 * exist and have made a first call (SDK classes loaded), for tests that attach the agent then; with
 * {@code -Dload.markfile=<path>} it also prints {@code FAILED_AFTER_MARK=n} and {@code MAX_MILLIS_AFTER_MARK=n}
 * for the calls that began after that file appeared; with {@code -Dload.stopfile=<path>} it stops
 * early once that file exists.
 *
 * <p>Prints a summary the tests read: {@code OK=n}, {@code FAILED=n}, {@code MAX_MILLIS=n} (the
 * slowest call, failed or not), {@code LAST_FAILURE_AT=millis since start} (or -1),
 * {@code LAST_SECOND_OK=true|false} (every call of the final second succeeded), and up to 5
 * distinct {@code ERROR=class: message} lines. Exits 0.
 */
public final class LoadApp {
    private LoadApp() {
    }

    public static void main(String[] args) throws Exception {
        String endpoint = args[0];
        String sdk = args[1];
        int threads = Integer.parseInt(args[2]);
        long millis = Long.parseLong(args[3]) * 1000L;
        long pause = Long.parseLong(args[4]);

        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong slowest = new AtomicLong();
        AtomicLong lastFailure = new AtomicLong(-1);
        AtomicLong failedAfterMark = new AtomicLong();
        AtomicLong slowestAfterMark = new AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean marked = new java.util.concurrent.atomic.AtomicBoolean();
        String markFile = System.getProperty("load.markfile");
        if (markFile != null) {
            Thread watcher = new Thread(() -> {
                while (!java.nio.file.Files.exists(java.nio.file.Paths.get(markFile))) {
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                marked.set(true);
            }, "load-mark");
            watcher.setDaemon(true);
            watcher.start();
        }
        String stopFile = System.getProperty("load.stopfile");
        Map<String, Boolean> errors = new LinkedHashMap<>();
        List<Supplier<String>> callers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            boolean v1 = "v1".equals(sdk) || "mixed".equals(sdk) && t % 2 == 0;
            callers.add(v1 ? v1Caller(endpoint) : v2Caller(endpoint));
        }
        // The clock starts once the clients exist: building 64 of them can take a while on a busy machine.
        long start = System.currentTimeMillis();
        long end = start + millis;

        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Supplier<String> caller = callers.get(t);
            Thread worker = new Thread(() -> {
                while (System.currentTimeMillis() < end
                        && (stopFile == null || !java.nio.file.Files.exists(java.nio.file.Paths.get(stopFile)))) {
                    long before = System.currentTimeMillis();
                    boolean afterMark = marked.get();
                    try {
                        caller.get();
                        ok.incrementAndGet();
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                        if (afterMark) {
                            failedAfterMark.incrementAndGet();
                        }
                        lastFailure.accumulateAndGet(System.currentTimeMillis() - start, Math::max);
                        synchronized (errors) {
                            if (errors.size() < 5) {
                                errors.put(e.getClass().getName() + ": " + e.getMessage(), true);
                            }
                        }
                    }
                    slowest.accumulateAndGet(System.currentTimeMillis() - before, Math::max);
                    if (afterMark) {
                        slowestAfterMark.accumulateAndGet(System.currentTimeMillis() - before, Math::max);
                    }
                    if (pause > 0) {
                        try {
                            Thread.sleep(pause);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }, "load-" + t);
            workers.add(worker);
        }
        workers.forEach(Thread::start);
        String pidFile = System.getProperty("load.pidfile");
        if (pidFile != null) {
            while (ok.get() + failed.get() < threads && System.currentTimeMillis() < end) {
                Thread.sleep(10);
            }
            java.nio.file.Files.writeString(java.nio.file.Paths.get(pidFile + ".tmp"),
                    String.valueOf(ProcessHandle.current().pid()));
            java.nio.file.Files.move(java.nio.file.Paths.get(pidFile + ".tmp"), java.nio.file.Paths.get(pidFile));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        System.out.println("OK=" + ok.get());
        System.out.println("FAILED=" + failed.get());
        System.out.println("MAX_MILLIS=" + slowest.get());
        if (markFile != null) {
            System.out.println("FAILED_AFTER_MARK=" + failedAfterMark.get());
            System.out.println("MAX_MILLIS_AFTER_MARK=" + slowestAfterMark.get());
        }
        System.out.println("LAST_FAILURE_AT=" + lastFailure.get());
        System.out.println("LAST_SECOND_OK=" + (lastFailure.get() < millis - 1000));
        errors.keySet().forEach(e -> System.out.println("ERROR=" + e));
        System.out.flush();
        System.exit(0);
    }

    private static Supplier<String> v1Caller(String endpoint) {
        AWSSecurityTokenService sts = AWSSecurityTokenServiceClientBuilder.standard()
                .withEndpointConfiguration(new EndpointConfiguration(endpoint, "us-east-1"))
                .build();
        return () -> sts.getCallerIdentity(new GetCallerIdentityRequest()).getArn();
    }

    private static Supplier<String> v2Caller(String endpoint) {
        StsClient sts = StsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1).build();
        return () -> sts.getCallerIdentity().arn();
    }
}
