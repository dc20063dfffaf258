package io.credagent.agent;

import io.credagent.log.Log;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Constructor;
import java.util.Collections;
import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.is;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.nameEndsWith;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Installs {@link CredentialLookupAdvice} on every class that declares an {@link InterceptedLookup},
 * in whatever class loader and package prefix it appears, retransforming classes already loaded.
 */
final class Instrumentations {

    private Instrumentations() {
    }

    /**
     * Instruments at once when classes to transform are already loaded (an attach, another agent
     * that loaded the SDK first); otherwise defers Byte Buddy to a warm-up thread and the first SDK class load.
     */
    static void install(Instrumentation instrumentation, List<InterceptedLookup> lookups) {
        if (DeferredTransformer.anyMatches(lookups, instrumentation.getAllLoadedClasses())) {
            agentBuilder(lookups).installOn(instrumentation);
        } else {
            DeferredTransformer deferred = new DeferredTransformer(lookups, () -> agentBuilder(lookups).makeRaw());
            instrumentation.addTransformer(deferred, true);
            deferred.warmUpInBackground();
        }
    }

    private static AgentBuilder agentBuilder(List<InterceptedLookup> lookups) {
        ClassLoader agentLoader = Instrumentations.class.getClassLoader();
        return quietAgentBuilder()
                .disableClassFormatChanges()
                // Advice only rewrites method bodies: no need to resolve the type hierarchy's method
                // graph, validate the result or rebase the class (as OpenTelemetry's agent does).
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(new ErrorListener())
                // Explicit ignores: the JDK, ourselves, and above all our own SDK copy, so the
                // agent's STS/SSO/IMDS calls can never re-enter the interception. Only name and
                // loader matchers run on every class load: anything that looks at modifiers or
                // members (isSynthetic, say) would make Byte Buddy parse every class file loaded.
                .ignore(nameStartsWith("java.").or(nameStartsWith("jdk.")).or(nameStartsWith("sun."))
                        .or(nameStartsWith("com.sun.")).or(nameStartsWith("io.credagent."))
                        .or(nameStartsWith("net.bytebuddy.")))
                .or(any(), isBootstrapClassLoader().or(is(agentLoader)))
                .type(declaringTypes(lookups))
                .transform((builder, type, loader, module, domain) -> builder.visit(
                        Advice.to(CredentialLookupAdvice.class, ClassFileLocator.ForClassLoader.of(agentLoader))
                                .on(lookupMethods(lookups))));
    }

    /**
     * Classes named like a declaring class that also have its structure: they declare the
     * no-argument lookup method with a body. A look-alike class without it is left alone.
     */
    private static ElementMatcher.Junction<TypeDescription> declaringTypes(List<InterceptedLookup> lookups) {
        ElementMatcher.Junction<TypeDescription> types = none();
        for (InterceptedLookup lookup : lookups) {
            types = types.or(nameEndsWith(lookup.declaringTail()).and(declaresMethod(
                    named(lookup.method()).and(takesArguments(0)).and(not(isAbstract())))));
        }
        return types;
    }

    private static ElementMatcher.Junction<MethodDescription> lookupMethods(List<InterceptedLookup> lookups) {
        ElementMatcher.Junction<MethodDescription> methods = none();
        for (InterceptedLookup lookup : lookups) {
            methods = methods.or(named(lookup.method()));
        }
        return methods.and(takesArguments(0)).and(not(isAbstract()));
    }

    /**
     * An {@code AgentBuilder.Default} with Byte Buddy's defaults except the initialization strategy.
     * The public constructors install a self-injection strategy whose set-up touches
     * {@code sun.misc.Unsafe}, which JDK 24+ reports on the application's stderr. Advice needs no
     * initialization, so this goes through the protected all-arguments constructor (reflectively:
     * some of its parameter types are not accessible) with {@code InitializationStrategy.NoOp}.
     */
    private static AgentBuilder quietAgentBuilder() {
        Object[] arguments = {
                new ByteBuddy().with(TypeValidation.DISABLED).with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE),
                AgentBuilder.Listener.NoOp.INSTANCE,
                new AgentBuilder.CircularityLock.Default(),
                AgentBuilder.PoolStrategy.Default.FAST,
                AgentBuilder.TypeStrategy.Default.REBASE,
                AgentBuilder.LocationStrategy.ForClassLoader.STRONG,
                ClassFileLocator.NoOp.INSTANCE,
                "$Default$NativeMethodStrategy$Disabled",
                "$Default$WarmupStrategy$NoOp",
                AgentBuilder.TransformerDecorator.NoOp.INSTANCE,
                AgentBuilder.InitializationStrategy.NoOp.INSTANCE,
                AgentBuilder.RedefinitionStrategy.DISABLED,
                AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.SinglePass.INSTANCE,
                AgentBuilder.RedefinitionStrategy.BatchAllocator.ForTotal.INSTANCE,
                AgentBuilder.RedefinitionStrategy.Listener.NoOp.INSTANCE,
                "$RedefinitionStrategy$ResubmissionStrategy$Disabled",
                AgentBuilder.InjectionStrategy.Disabled.INSTANCE,
                AgentBuilder.LambdaInstrumentationStrategy.DISABLED,
                AgentBuilder.DescriptionStrategy.Default.HYBRID,
                AgentBuilder.FallbackStrategy.ByThrowableType.ofOptionalTypes(),
                AgentBuilder.ClassFileBufferStrategy.Default.RETAINING,
                AgentBuilder.InstallationListener.NoOp.INSTANCE,
                new AgentBuilder.RawMatcher.ForElementMatchers(none()), // replaced by install()'s ignore
                Collections.emptyList()};
        try {
            // The strings name defaults whose types are protected: look up their INSTANCE.
            for (int i = 0; i < arguments.length; i++) {
                if (arguments[i] instanceof String) {
                    arguments[i] = Class.forName(AgentBuilder.class.getName() + arguments[i], true,
                            AgentBuilder.class.getClassLoader()).getField("INSTANCE").get(null);
                }
            }
            for (Constructor<?> constructor : AgentBuilder.Default.class.getDeclaredConstructors()) {
                if (constructor.getParameterCount() == arguments.length) {
                    constructor.setAccessible(true);
                    return (AgentBuilder) constructor.newInstance(arguments);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException unexpected) {
            Log.debug("using Byte Buddy's default agent builder: " + unexpected);
        }
        return new AgentBuilder.Default();
    }

    /** Instrumentation problems are agent defects: the class stays as it was; say so in debug. */
    private static final class ErrorListener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded,
                            Throwable throwable) {
            if (TransformerWarmUp.isSample(classLoader)) {
                Log.debug("warming up on " + typeName + " failed (the first SDK class will show it again): " + throwable);
                return;
            }
            Log.error("could not instrument " + typeName + ", its lookups stay unchanged: " + throwable);
        }

        @Override
        public void onTransformation(TypeDescription type, ClassLoader classLoader, JavaModule module,
                                     boolean loaded, net.bytebuddy.dynamic.DynamicType dynamicType) {
            if (Log.isDebug() && !TransformerWarmUp.isSample(classLoader)) {
                Log.debug("instrumented " + type.getName() + " in " + classLoader + (loaded ? " (retransformed)" : ""));
            }
        }
    }
}
