package io.credagent.instrument;

import io.credagent.log.Log;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Installs the {@link LookupPrologue} in every class that declares an intercepted lookup, in
 * whatever class loader and package prefix it appears: one transformer for the classes loaded
 * from now on, and a retransformation of those already loaded (an attach, or another agent that
 * loaded the SDK first). With nothing to retransform, the transformer is warmed up in the background.
 */
public final class Instrumentations {

    private Instrumentations() {
    }

    /**
     * @param lookupMethods     the lookup method by declaring-class tail, e.g. {@code .amazonaws.auth.X} to {@code getCredentials}
     * @param checkReturnedKeys option {@code override}: every credential lookup's returns are checked
     * @param attached          true for an attach: application threads may be loading SDK classes meanwhile
     */
    public static void install(Instrumentation instrumentation, Map<String, String> lookupMethods, boolean checkReturnedKeys,
                               boolean attached) {
        LookupTransformer transformer = new LookupTransformer(lookupMethods, checkReturnedKeys);
        instrumentation.addTransformer(transformer, true);
        List<Class<?>> loaders = new ArrayList<>();
        List<Class<?>> sdkClasses = new ArrayList<>();
        sortLoaded(instrumentation, transformer, loaders, sdkClasses);
        // Framework loaders first: an SDK class is rewritten only if its loader reaches the bridge.
        for (Class<?> loader : loaders) {
            retransform(instrumentation, loader);
        }
        transformer.settle();
        if (attached || !loaders.isEmpty()) {
            // Listed again: SDK classes loaded meanwhile (their loader not yet settled) are redone too.
            // At premain no application code runs yet, so the one listing does.
            sdkClasses.clear();
            sortLoaded(instrumentation, transformer, new ArrayList<>(), sdkClasses);
        }
        for (Class<?> sdkClass : sdkClasses) {
            retransform(instrumentation, sdkClass);
        }
        if (loaders.isEmpty() && sdkClasses.isEmpty()) {
            TransformerWarmUp.start(transformer);
        }
    }

    /** Sorts the loaded classes the transformer changes into framework loaders and SDK classes. */
    private static void sortLoaded(Instrumentation instrumentation, LookupTransformer transformer,
                                   List<Class<?>> loaders, List<Class<?>> sdkClasses) {
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (transformer.handles(type) && instrumentation.isModifiableClass(type)) {
                (LookupTransformer.isFrameworkLoader(type) ? loaders : sdkClasses).add(type);
            }
        }
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
