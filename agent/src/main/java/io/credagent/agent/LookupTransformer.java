package io.credagent.agent;

import io.credagent.log.Log;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;

/**
 * Puts the {@link LookupPrologue} in front of the lookup method of every class that declares an
 * {@link InterceptedLookup}, whatever its class loader and package prefix. A class named like one
 * but without the method (no-argument, returning an object, with a body) is left alone.
 *
 * <p>Every class the JVM loads passes through {@link #transform}; all but SDK credential classes
 * leave after comparing the end of their name, without allocating. For those, ASM reads and
 * writes the class in a few milliseconds, describing it from its own bytes and never loading
 * anything; methods other than the lookup are copied as they are. (Byte Buddy's {@code Advice}
 * did the same job, but setting it up on first use loaded about 700 classes and put 200-300 ms
 * on the startup path of an application that builds an SDK client.)
 */
final class LookupTransformer implements ClassFileTransformer {

    private static final ClassLoader OWN_LOADER = LookupTransformer.class.getClassLoader();

    private final List<InterceptedLookup> lookups;
    /** {@code /amazonaws/auth/X}: each lookup's declaring-class tail as JVM-internal names spell it. */
    private final String[] internalTails;

    LookupTransformer(List<InterceptedLookup> lookups) {
        this.lookups = lookups;
        this.internalTails = new String[lookups.size()];
        for (int i = 0; i < internalTails.length; i++) {
            internalTails[i] = lookups.get(i).declaringTail().replace('.', '/');
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        // The JDK and credagent's own SDK copy are never instrumented.
        if (className == null || loader == null || loader == OWN_LOADER) {
            return null;
        }
        InterceptedLookup lookup = declaredIn(className);
        if (lookup == null) {
            return null;
        }
        try {
            return withPrologue(loader, className, classBeingRedefined != null, classfileBuffer, lookup);
        } catch (RuntimeException | LinkageError e) {
            Log.error("could not instrument " + className.replace('/', '.') + ", its lookups stay unchanged: " + e);
            return null;
        }
    }

    /** True for a loaded class this transformer would change: it needs retransforming. */
    boolean handles(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return loader != null && loader != OWN_LOADER && declaredIn(type.getName().replace('.', '/')) != null;
    }

    private byte[] withPrologue(ClassLoader loader, String className, boolean retransforming, byte[] classfile,
                                InterceptedLookup lookup) {
        ClassReader reader = new ClassReader(classfile);
        ClassWriter writer = new ClassWriter(reader, 0); // keeps the constant pool: unchanged methods are copied
        LookupMethodFinder finder = new LookupMethodFinder(writer, lookup.method());
        reader.accept(finder, 0);
        if (!finder.found) {
            return null;
        }
        if (Log.isDebug() && !TransformerWarmUp.isSample(loader)) {
            Log.debug("instrumented " + className.replace('/', '.') + " in " + loader
                    + (retransforming ? " (retransformed)" : ""));
        }
        return writer.toByteArray();
    }

    private InterceptedLookup declaredIn(String internalName) {
        for (int i = 0; i < internalTails.length; i++) {
            if (internalName.endsWith(internalTails[i])) {
                return lookups.get(i);
            }
        }
        return null;
    }

    /** Wraps each no-argument, object-returning instance method named {@code method} that has a body. */
    private static final class LookupMethodFinder extends ClassVisitor {
        /** No bytecode to put the prologue in front of, or no {@code this} to hand the bridge. */
        private static final int NOT_A_LOOKUP = Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_STATIC;

        private final String method;
        private boolean stackMapFrames;
        boolean found;

        LookupMethodFinder(ClassVisitor next, String method) {
            super(Opcodes.ASM9, next);
            this.method = method;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                          String[] interfaces) {
            stackMapFrames = (version & 0xFFFF) >= Opcodes.V1_6;
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (!name.equals(method) || !descriptor.startsWith("()L") || (access & NOT_A_LOOKUP) != 0) {
                return next;
            }
            found = true;
            return new LookupPrologue(next, Type.getReturnType(descriptor).getInternalName(), stackMapFrames);
        }
    }
}
