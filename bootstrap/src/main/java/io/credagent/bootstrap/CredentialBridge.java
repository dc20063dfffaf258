package io.credagent.bootstrap;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The one door between advice inlined into SDK classes (in any application class loader) and the
 * agent, which lives in its own isolated class loader.
 *
 * <p>This class is appended to the bootstrap class path so that every class loader sees the same
 * copy. It uses JDK types only. Until the agent installs an answerer, or if this class was loaded
 * by any loader but the bootstrap one, {@link #answer} returns {@code null} ("no answer") and the
 * original SDK code runs.
 */
public final class CredentialBridge {

    /** Only the bootstrap copy is shared by all class loaders; any other copy must stay inert. */
    private static final boolean LOADED_BY_BOOTSTRAP = CredentialBridge.class.getClassLoader() == null;

    private static final AtomicBoolean INSTALL_CLAIMED = new AtomicBoolean();

    /**
     * Given the provider instance whose lookup was intercepted, returns the SDK credentials object
     * to return, a {@link RuntimeException} to throw (the SDK's own client exception type), or
     * {@code null} to let the original method run.
     */
    private static volatile Function<Object, Object> answerer;

    /**
     * Given the credentials an SDK credential lookup is about to return and what supplied them (the
     * provider, or the class of a lambda's body), returns the credentials to return instead (the
     * same object to keep them) or a {@link RuntimeException} to throw. Installed only with option
     * {@code override}.
     */
    private static volatile BiFunction<Object, Object, Object> reviewer;

    private CredentialBridge() {
    }

    /**
     * Called by the inlined advice. Returns the credentials to return instead of running the
     * original method, or {@code null} to run it. Throws only the SDK exception the agent chose.
     */
    public static Object answer(Object provider) {
        Function<Object, Object> current = answerer;
        if (current == null) {
            return null;
        }
        Object result;
        try {
            result = current.apply(provider);
        } catch (Throwable bug) {
            // An agent defect must never break the application: let the SDK do its own lookup.
            return null;
        }
        if (result instanceof RuntimeException) {
            throw (RuntimeException) result;
        }
        return result;
    }

    /**
     * Called by the inlined key check in front of each {@code return} of a credential lookup.
     * Returns what the lookup returns: {@code credentials} itself unless the agent replaces them.
     * Throws only the SDK exception the agent chose.
     */
    public static Object review(Object credentials, Object supplier) {
        BiFunction<Object, Object, Object> current = reviewer;
        if (current == null || credentials == null) {
            return credentials;
        }
        Object result;
        try {
            result = current.apply(credentials, supplier);
        } catch (Throwable bug) {
            return credentials;
        }
        if (result instanceof RuntimeException) {
            throw (RuntimeException) result;
        }
        return result == null ? credentials : result;
    }

    /** True once per JVM: the first agent start claims the installation, later ones back off. */
    public static boolean claimInstall() {
        return LOADED_BY_BOOTSTRAP && INSTALL_CLAIMED.compareAndSet(false, true);
    }

    /** Starts answering lookups. Refused unless this is the bootstrap copy. */
    public static boolean install(Function<Object, Object> newAnswerer) {
        return install(newAnswerer, null);
    }

    /** Starts answering lookups and, with a reviewer, reviewing what they return. Refused unless this is the bootstrap copy. */
    public static boolean install(Function<Object, Object> newAnswerer, BiFunction<Object, Object, Object> newReviewer) {
        if (!LOADED_BY_BOOTSTRAP) {
            return false;
        }
        reviewer = newReviewer;
        answerer = newAnswerer;
        return true;
    }

    /** Stops answering: every lookup goes back to the SDK's own code. */
    public static void uninstall() {
        answerer = null;
        reviewer = null;
    }

    public static boolean isLoadedByBootstrap() {
        return LOADED_BY_BOOTSTRAP;
    }
}
