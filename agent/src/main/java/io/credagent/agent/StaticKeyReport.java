package io.credagent.agent;

import io.credagent.log.Log;
import io.credagent.log.Mask;

import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * With {@code override=static}: reports each hard-coded access key once (masked), with the class
 * that supplied it, so that the keys can be found in the code and revoked. The class is the first
 * caller above the SDK's frames that is neither SDK nor JDK, looked up only on the first sighting.
 */
final class StaticKeyReport {

    private final Set<String> reported = Collections.newSetFromMap(new ConcurrentHashMap<String, Boolean>());
    /** What was said, for {@code status}: masked key, provider class, supplier. */
    private final java.util.Queue<String> lines = new java.util.concurrent.ConcurrentLinkedQueue<>();

    void seen(String accessKeyId, Object provider) {
        if (accessKeyId == null || !reported.add(accessKeyId)) {
            return;
        }
        String line = Mask.accessKeyId(accessKeyId) + " of " + provider.getClass().getName() + " (supplied by " + supplier() + ")";
        lines.add(line);
        Log.info("override=static: static key " + line + " is replaced by credagent's credentials");
    }

    String[] seen() {
        return lines.toArray(new String[0]);
    }

    /** The first class on the stack, above the SDK's own frames, that is neither SDK nor JDK. */
    private static String supplier() {
        boolean inSdk = false;
        for (StackTraceElement frame : new Throwable().getStackTrace()) {
            String name = frame.getClassName();
            boolean sdk = name.contains("amazonaws.") || name.contains("awssdk.");
            inSdk |= sdk;
            if (inSdk && !sdk && !name.startsWith("java.") && !name.startsWith("jdk.") && !name.startsWith("sun.")) {
                return name;
            }
        }
        return "unknown";
    }
}
