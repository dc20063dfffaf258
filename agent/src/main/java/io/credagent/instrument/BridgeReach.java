package io.credagent.instrument;

import io.credagent.bootstrap.CredentialBridge;
import io.credagent.log.Log;

import java.security.CodeSource;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Whether a class loader resolves {@code io.credagent.bootstrap.CredentialBridge} to the one
 * bootstrap copy, as the {@link LookupPrologue} needs: asked once per loader, before its first SDK
 * class is rewritten. A loader that cannot (it filters packages, or brings its own copy of the
 * bridge) keeps its SDK classes unchanged, so the application runs exactly as without the agent,
 * and credagent says so in one line that names the class, the loader and the setting that would
 * fix it.
 *
 * <p>The question is the one the JVM asks when the prologue first runs: {@code loadClass} of the
 * defining loader. No lock of ours is held while a loader answers it (the loader may be defining
 * the very class being transformed, under its own lock).
 */
final class BridgeReach {

    private static final String BRIDGE = CredentialBridge.class.getName();

    private final Map<ClassLoader, Boolean> answers = new WeakHashMap<>();
    /**
     * False while the framework loaders already loaded are still being retransformed (attach): a
     * loader that does not reach the bridge yet may in a moment, so "no" is neither kept nor said.
     */
    private volatile boolean settled;

    /** True if {@code loader} reaches the bridge; the first time one does not, says so for {@code className}. */
    boolean reaches(ClassLoader loader, String className) {
        synchronized (answers) {
            Boolean known = answers.get(loader);
            if (known != null) {
                return known;
            }
        }
        String problem = problem(loader);
        boolean reachable = problem == null;
        if (!reachable && !settled) {
            return false;
        }
        boolean first;
        synchronized (answers) {
            first = answers.put(loader, reachable) == null;
        }
        if (!reachable && first) {
            Log.error("cannot answer the lookups of " + className.replace('/', '.') + " (nor of the other SDK "
                    + "credential classes) in class loader " + describe(loader) + ": " + problem
                    + "; they stay the SDK's own. Fix: " + fix(loader));
        }
        return reachable;
    }

    /** From now on "no" is kept and said: every framework loader has its boot delegation. */
    void settle() {
        synchronized (answers) {
            answers.values().removeIf(reachable -> !reachable);
        }
        settled = true;
    }

    /** Why {@code loader} does not reach the bootstrap bridge, or {@code null} when it does. */
    static String problem(ClassLoader loader) {
        Class<?> seen;
        try {
            seen = Class.forName(BRIDGE, false, loader);
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            return "it does not delegate io.credagent.bootstrap to the bootstrap class loader (" + e + ")";
        }
        if (seen == CredentialBridge.class) {
            return null;
        }
        CodeSource source = seen.getProtectionDomain().getCodeSource();
        return "it loads a copy of its own of " + BRIDGE + (source == null ? "" : " from " + source.getLocation());
    }

    private static String fix(ClassLoader loader) {
        if (implementsInterface(loader.getClass(), "org.osgi.framework.BundleReference")) {
            return "add io.credagent.bootstrap to the OSGi framework property org.osgi.framework.bootdelegation";
        }
        if (loader.getClass().getName().startsWith("org.jboss.modules.")) {
            return "add io.credagent.bootstrap to -Djboss.modules.system.pkgs";
        }
        return "let that class loader delegate the package io.credagent.bootstrap to the bootstrap class loader"
                + " (and keep credagent.jar off its class path: -javaagent is all it needs)";
    }

    private static String describe(ClassLoader loader) {
        String type = loader.getClass().getName();
        String text;
        try {
            text = String.valueOf(loader);
        } catch (RuntimeException e) {
            return type;
        }
        return text.length() <= 120 && !text.startsWith(type + "@") ? text + " (" + type + ")" : type;
    }

    private static boolean implementsInterface(Class<?> type, String interfaceName) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals(interfaceName) || implementsInterface(i, interfaceName)) {
                    return true;
                }
            }
        }
        return false;
    }
}
