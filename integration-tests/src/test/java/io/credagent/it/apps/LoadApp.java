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
 * between calls. Arguments: endpoint, {@code v1|v2}, threads, seconds, pauseMillis.
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
        boolean v1 = "v1".equals(args[1]);
        int threads = Integer.parseInt(args[2]);
        long millis = Long.parseLong(args[3]) * 1000L;
        long pause = Long.parseLong(args[4]);

        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong slowest = new AtomicLong();
        AtomicLong lastFailure = new AtomicLong(-1);
        Map<String, Boolean> errors = new LinkedHashMap<>();
        long start = System.currentTimeMillis();
        long end = start + millis;

        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Supplier<String> caller = v1 ? v1Caller(endpoint) : v2Caller(endpoint);
            Thread worker = new Thread(() -> {
                while (System.currentTimeMillis() < end) {
                    long before = System.currentTimeMillis();
                    try {
                        caller.get();
                        ok.incrementAndGet();
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                        lastFailure.accumulateAndGet(System.currentTimeMillis() - start, Math::max);
                        synchronized (errors) {
                            if (errors.size() < 5) {
                                errors.put(e.getClass().getName() + ": " + e.getMessage(), true);
                            }
                        }
                    }
                    slowest.accumulateAndGet(System.currentTimeMillis() - before, Math::max);
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
        for (Thread worker : workers) {
            worker.join();
        }
        System.out.println("OK=" + ok.get());
        System.out.println("FAILED=" + failed.get());
        System.out.println("MAX_MILLIS=" + slowest.get());
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
