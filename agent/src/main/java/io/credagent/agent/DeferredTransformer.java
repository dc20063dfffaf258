package io.credagent.agent;

import io.credagent.chain.Lazy;
import io.credagent.log.Log;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.function.Supplier;

/**
 * Keeps Byte Buddy out of JVM startup: until a class named like an SDK credential class is loaded,
 * this transformer only compares class names, and Byte Buddy is neither loaded nor set up. The
 * first such class builds the real transformer, which then handles every class that passes the
 * name gate (its own matchers still decide, structure included).
 */
final class DeferredTransformer implements ClassFileTransformer {

    private static final ClassLoader OWN_LOADER = DeferredTransformer.class.getClassLoader();

    private final String[] internalTails;
    private final Lazy<ClassFileTransformer> delegate;

    DeferredTransformer(List<InterceptedLookup> lookups, Supplier<ClassFileTransformer> factory) {
        this.internalTails = internalTails(lookups);
        this.delegate = new Lazy<>(factory);
    }

    /** True if any of {@code loaded} is named like a declaring class: those need retransforming now. */
    static boolean anyMatches(List<InterceptedLookup> lookups, Class<?>[] loaded) {
        String[] tails = internalTails(lookups);
        for (Class<?> type : loaded) {
            if (matches(tails, type.getName().replace('.', '/'))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        // Our own SDK copy and the JDK are never instrumented: no reason to wake Byte Buddy for them.
        if (className == null || loader == null || loader == OWN_LOADER || !matches(internalTails, className)) {
            return null;
        }
        try {
            return delegate.get().transform(loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
        } catch (Throwable t) {
            Log.error("could not instrument " + className.replace('/', '.') + ", its lookups stay unchanged: " + t);
            return null;
        }
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
