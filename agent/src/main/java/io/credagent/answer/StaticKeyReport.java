package io.credagent.answer;

import io.credagent.log.Log;
import io.credagent.log.Mask;

import java.util.Collections;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * With option {@code override}: says each long-term access key once (masked), with the class that
 * supplied it and the first application frame that used it, so that the key can be found in the
 * code or configuration and revoked. The frame is looked up only on the first sighting.
 */
final class StaticKeyReport {

    private final Set<String> reported = Collections.newSetFromMap(new ConcurrentHashMap<String, Boolean>());
    /** What was said, for {@code status}. */
    private final Queue<String> lines = new ConcurrentLinkedQueue<>();

    /**
     * @param supplier   the provider that returned the key, or the class of the lambda that did
     * @param replacedBy what answers instead ({@code override=static}), or null when only reported
     * @param wouldBe    what {@code override=static} would do, when only reported
     * Both are asked only the first time the key is seen.
     */
    void seen(String accessKeyId, Object supplier, Supplier<String> replacedBy, Supplier<String> wouldBe) {
        if (accessKeyId == null || reported.contains(accessKeyId) || !reported.add(accessKeyId)) {
            return;
        }
        String supplierName = supplier instanceof Class ? ((Class<?>) supplier).getName() : supplier.getClass().getName();
        String line = Mask.accessKeyId(accessKeyId) + " from " + supplierName + ", used from " + firstApplicationFrame();
        if (replacedBy != null) {
            lines.add(line + ": replaced");
            Log.info("override=static: static key " + line + " is replaced by credentials from " + replacedBy.get());
        } else {
            lines.add(line + ": reported");
            Log.info("override=report: static key " + line + " (override=static would replace it by " + wouldBe.get()
                    + ")");
        }
    }

    String[] seen() {
        return lines.toArray(new String[0]);
    }

    /** The first frame on the stack, above the SDK's own frames (credagent's are below them), that is neither SDK nor JDK. */
    private static String firstApplicationFrame() {
        boolean inSdk = false;
        for (StackTraceElement frame : new Throwable().getStackTrace()) {
            String name = frame.getClassName();
            boolean sdk = name.contains("amazonaws.") || name.contains("awssdk.");
            inSdk |= sdk;
            if (inSdk && !sdk && !name.startsWith("java.") && !name.startsWith("jdk.") && !name.startsWith("sun.")) {
                return frame.toString();
            }
        }
        return "unknown";
    }
}
