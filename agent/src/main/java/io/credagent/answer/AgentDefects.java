package io.credagent.answer;

import io.credagent.log.Log;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Exceptions credagent itself threw while answering a lookup: a defect, never the application's
 * fault. The lookup then runs the SDK's own code (the application keeps working, as without the
 * agent), and the defect is said: one line per kind (exception class and where it was thrown) with
 * the top frames, and counted. The integration tests fail on any such line.
 */
final class AgentDefects {

    private static final int FRAMES = 6;

    private final ConcurrentMap<String, AtomicLong> byKind = new ConcurrentHashMap<>();

    void report(Throwable defect, Object provider) {
        StackTraceElement[] stack = defect.getStackTrace();
        String kind = defect.getClass().getName() + (stack.length > 0 ? " at " + stack[0] : "");
        if (byKind.computeIfAbsent(kind, k -> new AtomicLong()).getAndIncrement() == 0) {
            StringBuilder frames = new StringBuilder();
            for (int i = 0; i < Math.min(FRAMES, stack.length); i++) {
                frames.append(i == 0 ? " at " : " < ").append(stack[i]);
            }
            // The integration tests look for "credagent: agent defect": keep the words.
            Log.error("agent defect while answering " + provider.getClass().getName() + ", so the SDK's own lookup answered: "
                    + defect + frames + " (further ones of this kind are counted, not printed; please report it)");
        }
    }

    /** Defects seen so far, all kinds together. */
    long count() {
        long total = 0;
        for (AtomicLong count : byKind.values()) {
            total += count.get();
        }
        return total;
    }
}
