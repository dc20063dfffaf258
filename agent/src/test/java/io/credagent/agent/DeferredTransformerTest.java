package io.credagent.agent;

import io.credagent.config.AgentConfig;
import org.junit.jupiter.api.Test;

import java.lang.instrument.ClassFileTransformer;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeferredTransformerTest {

    private static final byte[] TRANSFORMED = {1, 2, 3};
    private static final String V1_CHAIN = "com/amazonaws/auth/AWSCredentialsProviderChain";

    private final List<InterceptedLookup> lookups = InterceptedLookup.enabled(
            AgentConfig.load(null, Collections.emptyMap(), Collections.emptyMap()));
    /** Any loader but the agent's own (which in this test is the test's loader). */
    private final ClassLoader appLoader = new ClassLoader(getClass().getClassLoader()) { };
    private final AtomicInteger built = new AtomicInteger();
    private final List<String> transformed = new CopyOnWriteArrayList<>();

    private DeferredTransformer deferred() {
        return new DeferredTransformer(lookups, () -> {
            built.incrementAndGet();
            return (ClassFileTransformer) (loader, name, redefined, domain, bytes) -> {
                transformed.add(name + (TransformerWarmUp.isSample(loader) ? " (sample)" : ""));
                return TRANSFORMED;
            };
        });
    }

    @Test
    void theWarmUpBuildsTheTransformerAndRunsItOnTheSampleBeforeAnySdkClassLoads() throws Exception {
        DeferredTransformer deferred = deferred();
        deferred.warmUpInBackground();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (transformed.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(1, built.get());
        assertEquals(Collections.singletonList(TransformerWarmUp.SAMPLE + " (sample)"), transformed);

        byte[] result = deferred.transform(appLoader, V1_CHAIN, null, null, new byte[0]);
        assertArrayEquals(TRANSFORMED, result);
        assertEquals(1, built.get(), "the class load used the warmed-up transformer");
    }

    @Test
    void withoutAWarmUpTheFirstSdkClassBuildsTheTransformer() throws Exception {
        DeferredTransformer deferred = deferred();
        assertNull(deferred.transform(appLoader, "com/example/Unrelated", null, null, new byte[0]));
        assertEquals(0, built.get(), "names that are no SDK credential class never wake Byte Buddy");
        assertArrayEquals(TRANSFORMED, deferred.transform(appLoader, V1_CHAIN, null, null, new byte[0]));
        assertEquals(1, built.get());
        assertTrue(transformed.contains(V1_CHAIN), transformed.toString());
    }
}
