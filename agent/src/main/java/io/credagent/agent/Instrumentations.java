package io.credagent.agent;

import io.credagent.log.Log;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs the {@link LookupPrologue} in every class that declares an {@link InterceptedLookup}, in
 * whatever class loader and package prefix it appears: one transformer for the classes loaded
 * from now on, and a retransformation of those already loaded (an attach, or another agent that
 * loaded the SDK first). With nothing to retransform, the transformer is warmed up in the background.
 */
final class Instrumentations {

    private Instrumentations() {
    }

    static void install(Instrumentation instrumentation, List<InterceptedLookup> lookups) {
        LookupTransformer transformer = new LookupTransformer(lookups);
        instrumentation.addTransformer(transformer, true);
        // Framework loaders first: an SDK class is rewritten only if its loader reaches the bridge.
        List<Class<?>> loaders = loaded(instrumentation, transformer, true);
        for (Class<?> loader : loaders) {
            retransform(instrumentation, loader);
        }
        transformer.settle();
        // Listed afterwards, so that classes loaded meanwhile (their loader not yet ready) are redone too.
        List<Class<?>> sdkClasses = loaded(instrumentation, transformer, false);
        for (Class<?> sdkClass : sdkClasses) {
            retransform(instrumentation, sdkClass);
        }
        if (loaders.isEmpty() && sdkClasses.isEmpty()) {
            TransformerWarmUp.start(transformer);
        }
    }

    /** The loaded classes the transformer changes: the framework loaders, or the SDK classes. */
    private static List<Class<?>> loaded(Instrumentation instrumentation, LookupTransformer transformer,
                                         boolean frameworkLoaders) {
        List<Class<?>> found = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (transformer.handles(type) && LookupTransformer.isFrameworkLoader(type) == frameworkLoaders
                    && instrumentation.isModifiableClass(type)) {
                found.add(type);
            }
        }
        return found;
    }

    /** One class at a time: a class that cannot be retransformed must not keep the others unchanged. */
    private static void retransform(Instrumentation instrumentation, Class<?> type) {
        try {
            instrumentation.retransformClasses(type);
        } catch (Exception | LinkageError e) {
            Log.error("could not instrument " + type.getName() + " (already loaded), it stays unchanged: " + e);
        }
    }
}
