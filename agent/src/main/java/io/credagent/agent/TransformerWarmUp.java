package io.credagent.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;

/**
 * Gets Byte Buddy ready off the application's critical path: on a daemon thread started by
 * premain, builds the transformer and runs it once on a sample, so that the first SDK credential
 * class the application loads finds Byte Buddy's classes loaded, verified and initialised instead
 * of paying for that (a few hundred milliseconds) on its own thread.
 *
 * <p>The sample is the agent's own copy of SDK v2's {@code DefaultCredentialsProvider}, presented
 * as if a throwaway {@link SampleLoader} were loading it; the result is discarded and no class is
 * defined. The sample loader resolves the SDK types the advice needs through the agent's loader.
 */
final class TransformerWarmUp {

    static final String SAMPLE = "software/amazon/awssdk/auth/credentials/DefaultCredentialsProvider";

    private TransformerWarmUp() {
    }

    /** Starts the warm-up; if no thread can be started, the first SDK class does the work instead. */
    static void start(Runnable warmUp) {
        try {
            Thread thread = new Thread(warmUp, "credagent-warmup");
            thread.setDaemon(true);
            thread.setContextClassLoader(TransformerWarmUp.class.getClassLoader());
            thread.start();
        } catch (RuntimeException | Error e) {
            // Not warming up only costs time later.
        }
    }

    /** Runs {@code transformer} on the sample and throws the result away. */
    static void transformSample(ClassFileTransformer transformer) throws IOException, IllegalClassFormatException {
        ClassLoader own = TransformerWarmUp.class.getClassLoader();
        InputStream in = own.getResourceAsStream(SAMPLE + ".class");
        if (in == null) {
            throw new IOException("no " + SAMPLE + " in the agent jar");
        }
        transformer.transform(new SampleLoader(own), SAMPLE, null, null, readAll(in));
    }

    /** True for the warm-up's throwaway loader: nothing about it is worth reporting. */
    static boolean isSample(ClassLoader loader) {
        return loader instanceof SampleLoader;
    }

    private static byte[] readAll(InputStream in) throws IOException {
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
