package io.credagent.agent;

import io.credagent.log.Log;

import java.lang.instrument.Instrumentation;
import java.util.List;

/**
 * Installs {@link CredentialLookupAdvice} on every class that declares an {@link InterceptedLookup},
 * in whatever class loader and package prefix it appears: one transformer for classes loaded from
 * now on, and a retransformation of those already loaded (an attach, or another agent that loaded
 * the SDK first).
 */
final class Instrumentations {

    private Instrumentations() {
    }

    static void install(Instrumentation instrumentation, List<InterceptedLookup> lookups) {
        DeferredTransformer deferred = new DeferredTransformer(lookups, () -> new AdviceTransformer(lookups));
        instrumentation.addTransformer(deferred, true);
        List<Class<?>> loaded = deferred.alreadyLoaded(instrumentation);
        if (loaded.isEmpty()) {
            deferred.warmUpInBackground();
        } else {
            retransform(instrumentation, loaded);
        }
    }

    /** One class at a time: a class that cannot be retransformed must not keep the others unchanged. */
    private static void retransform(Instrumentation instrumentation, List<Class<?>> classes) {
        for (Class<?> type : classes) {
            try {
                instrumentation.retransformClasses(type);
            } catch (Exception | LinkageError e) {
                Log.error("could not instrument " + type.getName() + " (already loaded), its lookups stay unchanged: " + e);
            }
        }
    }
}
