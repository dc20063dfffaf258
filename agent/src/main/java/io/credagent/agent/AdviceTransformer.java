package io.credagent.agent;

import io.credagent.log.Log;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.nameEndsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Inlines {@link CredentialLookupAdvice} into a class that declares an {@link InterceptedLookup},
 * whatever its class loader and package prefix: Byte Buddy's {@code Advice} applied with
 * {@code ByteBuddy.decorate}, which only rewrites method bodies (no new members, so classes that
 * are already loaded can be retransformed the same way).
 *
 * <p>Deliberately not an {@code AgentBuilder}: credagent needs no listener, redefinition or
 * injection machinery, and setting one up (it generates a class of its own) cost more than half of
 * the agent's startup time. The class is described from its own bytes and its loader's resources,
 * never by loading anything.
 */
final class AdviceTransformer implements ClassFileTransformer {

    private static final ClassLoader OWN_LOADER = AdviceTransformer.class.getClassLoader();

    private final ElementMatcher<TypeDescription> declaringTypes;
    private final AsmVisitorWrapper advice;
    // Advice only rewrites method bodies: no need to resolve the type hierarchy's method graph or
    // validate the result (as OpenTelemetry's agent also chooses).
    private final ByteBuddy byteBuddy = new ByteBuddy()
            .with(TypeValidation.DISABLED)
            .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE);

    AdviceTransformer(List<InterceptedLookup> lookups) {
        this.declaringTypes = declaringTypes(lookups);
        this.advice = Advice.to(CredentialLookupAdvice.class, ClassFileLocator.ForClassLoader.of(OWN_LOADER))
                .on(lookupMethods(lookups));
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (loader == null || loader == OWN_LOADER) {
            return null; // the JDK and credagent's own SDK copy are never instrumented
        }
        String typeName = className.replace('/', '.');
        ClassFileLocator locator = new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of(typeName, classfileBuffer), ClassFileLocator.ForClassLoader.of(loader));
        TypePool pool = new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(), locator,
                TypePool.Default.ReaderMode.FAST, TypePool.ClassLoading.ofPlatformLoader());
        TypeDescription type = pool.describe(typeName).resolve();
        if (!declaringTypes.matches(type)) {
            return null;
        }
        byte[] transformed = byteBuddy.decorate(type, locator).visit(advice).make(pool).getBytes();
        if (Log.isDebug() && !TransformerWarmUp.isSample(loader)) {
            Log.debug("instrumented " + typeName + " in " + loader + (classBeingRedefined != null ? " (retransformed)" : ""));
        }
        return transformed;
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
}
