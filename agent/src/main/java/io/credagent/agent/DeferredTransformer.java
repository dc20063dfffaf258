package io.credagent.agent;

import io.credagent.log.Log;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keeps Byte Buddy out of the application's startup path. Until a class named like an SDK
 * credential class is loaded, this transformer only compares class names. Meanwhile a daemon
 * thread builds the real transformer and warms it up ({@link TransformerWarmUp}); the first SDK
 * class waits for that if it is still running, or does it itself if it never started. From then
 * on every class that passes the name gate goes to the real transformer, whose own matchers still
 * decide, structure included.
 */
final class DeferredTransformer implements ClassFileTransformer {

    /**
     * How long a class load waits for a warm-up in progress. Only reached if the warm-up thread is
     * stuck (it should take well under a second); that class and later ones then stay unchanged
     * rather than hang the application.
     */
    private static final long WARM_UP_WAIT_SECONDS = 30;

    private static final ClassLoader OWN_LOADER = DeferredTransformer.class.getClassLoader();

    private final String[] internalTails;
    private final FutureTask<ClassFileTransformer> delegate;
    private volatile boolean abandoned;

    DeferredTransformer(List<InterceptedLookup> lookups, Callable<ClassFileTransformer> factory) {
        this.internalTails = internalTails(lookups);
        this.delegate = new FutureTask<>(factory);
    }

    /** Builds and warms up the real transformer on a daemon thread, now. */
    void warmUpInBackground() {
        TransformerWarmUp.start(() -> {
            long start = System.nanoTime();
            delegate.run();
            try {
                TransformerWarmUp.transformSample(delegate.get());
                Log.debug("Byte Buddy warmed up off the application's threads in "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
            } catch (Exception | LinkageError e) {
                Log.debug("warming up the transformer failed (the first SDK class will do it): " + e);
            }
        });
    }

    /** The classes already loaded that this transformer would have handled: they need retransforming. */
    List<Class<?>> alreadyLoaded(Instrumentation instrumentation) {
        List<Class<?>> matching = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            ClassLoader loader = type.getClassLoader();
            if (loader != null && loader != OWN_LOADER && matches(internalTails, type.getName().replace('.', '/'))
                    && instrumentation.isModifiableClass(type)) {
                matching.add(type);
            }
        }
        return matching;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        // Our own SDK copy and the JDK are never instrumented: no reason to wake Byte Buddy for them.
        if (className == null || loader == null || loader == OWN_LOADER || abandoned
                || !matches(internalTails, className)) {
            return null;
        }
        try {
            return built().transform(loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
        } catch (TimeoutException e) {
            abandoned = true;
            Log.error("could not instrument " + className.replace('/', '.') + " or any later class: Byte Buddy"
                    + " was not ready after " + WARM_UP_WAIT_SECONDS + " s");
            return null;
        } catch (Throwable t) {
            Log.error("could not instrument " + className.replace('/', '.') + ", its lookups stay unchanged: "
                    + (t instanceof ExecutionException ? t.getCause() : t));
            return null;
        }
    }

    /** The real transformer: built here unless the warm-up built it or is building it. */
    private ClassFileTransformer built() throws InterruptedException, ExecutionException, TimeoutException {
        delegate.run(); // returns at once if it already ran or is running on the warm-up thread
        return delegate.get(WARM_UP_WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static boolean matches(String[] tails, String internalName) {
        for (String tail : tails) {
            if (internalName.endsWith(tail)) {
                return true;
            }
        }
        return false;
    }

    /** {@code .amazonaws.auth.X} as JVM-internal names use it: {@code /amazonaws/auth/X}. */
    private static String[] internalTails(List<InterceptedLookup> lookups) {
        String[] tails = new String[lookups.size()];
        for (int i = 0; i < tails.length; i++) {
            tails[i] = lookups.get(i).declaringTail().replace('.', '/');
        }
        return tails;
    }
}
