package io.credagent.instrument;

import io.credagent.log.Log;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.util.concurrent.TimeUnit;

/**
 * Runs the transformer once, on a daemon thread started by premain, on a sample class: the first
 * SDK credential class the application loads then finds ASM's classes loaded and initialised, and
 * does not pay for that (about 30 ms) on the application's own thread. Nothing waits for it.
 *
 * <p>The sample is the agent's own copy of SDK v2's {@code DefaultCredentialsProvider}, presented
 * as if a throwaway {@link SampleLoader} were loading it; the result is discarded and no class is
 * defined.
 */
final class TransformerWarmUp {

    static final String SAMPLE = "software/amazon/awssdk/auth/credentials/DefaultCredentialsProvider";

    private TransformerWarmUp() {
    }

    /** Starts the warm-up; should no thread start, the first SDK class simply pays for it. */
    static void start(ClassFileTransformer transformer) {
        try {
            Thread thread = new Thread(() -> run(transformer), "credagent-warmup");
            thread.setDaemon(true);
            thread.setContextClassLoader(TransformerWarmUp.class.getClassLoader());
            thread.start();
        } catch (RuntimeException | Error e) {
            Log.debug("no warm-up thread: " + e);
        }
    }

    /** True for the warm-up's throwaway loader: nothing about it is worth reporting. */
    static boolean isSample(ClassLoader loader) {
        return loader instanceof SampleLoader;
    }

    static void run(ClassFileTransformer transformer) {
        long start = System.nanoTime();
        try {
            ClassLoader own = TransformerWarmUp.class.getClassLoader();
            byte[] sample = readAll(own.getResourceAsStream(SAMPLE + ".class"));
            if (transformer.transform(new SampleLoader(own), SAMPLE, null, null, sample) == null) {
                throw new IllegalStateException("the sample " + SAMPLE + " was left unchanged");
            }
            Log.debug("instrumentation warmed up off the application's threads in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
        } catch (Exception | LinkageError e) {
            Log.debug("warming up the instrumentation failed (the first SDK class will pay for it): " + e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        if (in == null) {
            throw new IOException("no " + SAMPLE + " in the agent jar");
        }
        try (InputStream stream = in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = stream.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    /** Never defines a class: it only stands in for an application loader during the warm-up. */
    private static final class SampleLoader extends ClassLoader {
        SampleLoader(ClassLoader parent) {
            super(parent);
        }
    }
}
