package io.credagent.instrument;

import io.credagent.log.Log;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts the {@link LookupPrologue} in front of the lookup method of every class that declares one
 * of the intercepted lookups, whatever its class loader and package prefix, if that loader reaches
 * the bridge ({@link BridgeReach}); and the {@link BootDelegationPrologue} in front of the
 * {@code loadClass} methods of the {@link FrameworkLoader}s, so that they do. A class named like
 * one but without the method (no-argument, returning an object, with a body) is left alone. With
 * option {@code override}, the {@link ReturnedKeyCheck} goes in front of the returns of every
 * method that hands credentials out ({@link ReturnedCredentials}), in any class.
 *
 * <p>Every class the JVM loads passes through {@link #transform}; all but SDK credential classes
 * and the framework loaders leave after comparing their name, without allocating. For those, ASM
 * reads and writes the class in a few milliseconds, describing it from its own bytes and never
 * loading anything; methods other than the ones named are copied as they are. (Byte Buddy's
 * {@code Advice} did the same job, but setting it up on first use loaded about 700 classes and put
 * 200-300 ms on the startup path of an application that builds an SDK client.)
 */
final class LookupTransformer implements ClassFileTransformer {

    private static final ClassLoader OWN_LOADER = LookupTransformer.class.getClassLoader();
    /** Every payload loader: this agent's, and the CLI's when the agent also runs in its JVM (JAVA_TOOL_OPTIONS). */
    private static final String PAYLOAD_LOADER = "io.credagent.bootstrap.AgentClassLoader";
    /** No bytecode to put a prologue in front of, or no {@code this}. */
    private static final int NO_PROLOGUE = Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_STATIC;

    /** {@code /amazonaws/auth/X}: each lookup's declaring-class tail as JVM-internal names spell it. */
    private final String[] internalTails;
    /** The lookup method each of those classes declares. */
    private final String[] methods;
    private final BridgeReach bridgeReach = new BridgeReach();

    /** With option {@code override}: every credential lookup's returns are checked too ({@link ReturnedKeyCheck}). */
    private final boolean checkReturnedKeys;

    /** @param lookupMethods the lookup method by declaring-class tail, e.g. {@code .amazonaws.auth.X} to {@code getCredentials} */
    LookupTransformer(Map<String, String> lookupMethods) {
        this(lookupMethods, false);
    }

    LookupTransformer(Map<String, String> lookupMethods, boolean checkReturnedKeys) {
        this.checkReturnedKeys = checkReturnedKeys;
        this.internalTails = new String[lookupMethods.size()];
        this.methods = new String[lookupMethods.size()];
        int i = 0;
        for (Map.Entry<String, String> lookup : lookupMethods.entrySet()) {
            internalTails[i] = lookup.getKey().replace('.', '/');
            methods[i++] = lookup.getValue();
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (className == null || !instrumentable(loader)) {
            return null;
        }
        FrameworkLoader framework = FrameworkLoader.named(className);
        String lookup = framework == null ? declaredIn(className) : null;
        boolean checkKeys = framework == null && checkReturnedKeys && ReturnedCredentials.mentioned(classfileBuffer);
        if (framework == null && lookup == null && !checkKeys) {
            return null;
        }
        try {
            Prologue prologue = framework != null ? LOAD_CLASS : lookup != null ? new Lookup(lookup) : null;
            byte[] rewritten = rewrite(classfileBuffer, prologue, checkKeys);
            // The loader is asked only for a class that really has a lookup to rewrite.
            if (rewritten == null || (framework == null && !bridgeReach.reaches(loader, className))) {
                return null;
            }
            if (Log.isDebug() && !TransformerWarmUp.isSample(loader)) {
                Log.debug("instrumented " + className.replace('/', '.') + " in " + loader
                        + (classBeingRedefined != null ? " (retransformed)" : ""));
            }
            return rewritten;
        } catch (RuntimeException | LinkageError e) {
            Log.error("could not instrument " + className.replace('/', '.') + ", it stays unchanged: " + e);
            return null;
        }
    }

    /** True for a loaded class this transformer would change: it needs retransforming. */
    boolean handles(Class<?> type) {
        String internalName = type.getName().replace('.', '/');
        return instrumentable(type.getClassLoader())
                && (FrameworkLoader.named(internalName) != null || declaredIn(internalName) != null
                || checkReturnedKeys && ReturnedCredentials.provider(type));
    }

    /** The JDK and credagent's own SDK copies are never instrumented. */
    private static boolean instrumentable(ClassLoader loader) {
        return loader != null && loader != OWN_LOADER && !loader.getClass().getName().equals(PAYLOAD_LOADER);
    }

    /** True for a framework loader class: retransformed before any SDK class, which may need it. */
    static boolean isFrameworkLoader(Class<?> type) {
        return FrameworkLoader.named(type.getName().replace('.', '/')) != null;
    }

    /**
     * The class with the prologue in front of the methods it names and, with {@code checkKeys}, the
     * key check in front of the returns of its credential lookups; {@code null} if it has none.
     */
    private static byte[] rewrite(byte[] classfile, Prologue prologue, boolean checkKeys) {
        ClassReader reader = new ClassReader(classfile);
        Map<String, CheckedMethods.Checked> checkedMaxLocals = checkKeys ? CheckedMethods.maxLocals(reader)
                : Collections.<String, CheckedMethods.Checked>emptyMap();
        if (prologue == null && checkedMaxLocals.isEmpty()) {
            return null;
        }
        ClassWriter writer = new ClassWriter(reader, 0); // keeps the constant pool: unchanged methods are copied
        MethodFinder finder = new MethodFinder(writer, prologue, checkedMaxLocals);
        reader.accept(finder, 0);
        return finder.found ? writer.toByteArray() : null;
    }

    /** Framework loaders have been retransformed: a loader that cannot reach the bridge now never will. */
    void settle() {
        bridgeReach.settle();
    }

    /** The lookup method the class declares, or null when it is none of the intercepted classes. */
    private String declaredIn(String internalName) {
        for (int i = 0; i < internalTails.length; i++) {
            if (internalName.endsWith(internalTails[i])) {
                return methods[i];
            }
        }
        return null;
    }

    /** Which methods of a class get which prologue. */
    private interface Prologue {
        /** {@code method} with a prologue in front, or {@code null} to copy it as it is. */
        MethodVisitor around(String name, String descriptor, MethodVisitor method, boolean stackMapFrames);
    }

    /** The lookup: the no-argument method of that name returning an object. */
    private static final class Lookup implements Prologue {
        private final String method;

        Lookup(String method) {
            this.method = method;
        }

        @Override
        public MethodVisitor around(String name, String descriptor, MethodVisitor next, boolean stackMapFrames) {
            return name.equals(method) && descriptor.startsWith("()L")
                    ? new LookupPrologue(next, Type.getReturnType(descriptor).getInternalName(), stackMapFrames) : null;
        }
    }

    /** A framework loader's {@code loadClass(String)} and {@code loadClass(String, boolean)}. */
    private static final Prologue LOAD_CLASS = new Prologue() {
        @Override
        public MethodVisitor around(String name, String descriptor, MethodVisitor next, boolean stackMapFrames) {
            return BootDelegationPrologue.isLoadClass(name, descriptor) ? new BootDelegationPrologue(next, stackMapFrames) : null;
        }
    };

    /** The credential lookups whose returns are checked, with their max_locals (the key check's slot). */
    private static final class CheckedMethods extends ClassVisitor {
        /** What the key check needs to know of one method. */
        static final class Checked {
            /** The method's max_locals: the key check's slot. */
            final int maxLocals;
            /** False when the method stores into slot 0, so {@code this} may not be there at a return. */
            final boolean thisIntact;

            Checked(int maxLocals, boolean thisIntact) {
                this.maxLocals = maxLocals;
                this.thisIntact = thisIntact;
            }
        }

        private final Map<String, Checked> maxLocals = new HashMap<>();

        private CheckedMethods() {
            super(Opcodes.ASM9);
        }

        static Map<String, Checked> maxLocals(ClassReader reader) {
            CheckedMethods methods = new CheckedMethods();
            reader.accept(methods, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            return methods.maxLocals;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            if (!ReturnedCredentials.checked(access, name, descriptor)) {
                return null;
            }
            return new MethodVisitor(Opcodes.ASM9) {
                private final Set<Label> rangeStarts = new HashSet<>();
                private final Set<Label> rangeEnds = new HashSet<>();
                private int openRanges;
                private boolean returnInRange;
                private boolean slotZeroStored;

                @Override
                public void visitVarInsn(int opcode, int slot) {
                    slotZeroStored |= slot == 0 && opcode >= Opcodes.ISTORE && opcode <= Opcodes.ASTORE;
                }

                @Override
                public void visitIincInsn(int slot, int increment) {
                    slotZeroStored |= slot == 0;
                }

                @Override
                public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
                    rangeStarts.add(start);
                    rangeEnds.add(end);
                }

                @Override
                public void visitLabel(Label label) {
                    openRanges += (rangeStarts.contains(label) ? 1 : 0) - (rangeEnds.contains(label) ? 1 : 0);
                }

                @Override
                public void visitInsn(int opcode) {
                    returnInRange |= opcode == Opcodes.ARETURN && openRanges > 0;
                }

                @Override
                public void visitMaxs(int maxStack, int locals) {
                    // A return inside one of the method's own try ranges (generated proxies have them) would
                    // send a bridge that does not resolve to the method's handler: such a method stays unchecked.
                    if (!returnInRange) {
                        maxLocals.put(name + descriptor, new Checked(locals, !slotZeroStored));
                    }
                }
            };
        }
    }

    /**
     * Puts the {@link Prologue} in front of each instance method with a body that it names, and
     * the {@link ReturnedKeyCheck} in front of the returns of the methods in {@code checkedMaxLocals}.
     */
    private static final class MethodFinder extends ClassVisitor {
        private final Prologue prologue;
        private final Map<String, CheckedMethods.Checked> checkedMaxLocals;
        private String owner;
        private boolean stackMapFrames;
        private boolean found;

        MethodFinder(ClassVisitor next, Prologue prologue, Map<String, CheckedMethods.Checked> checkedMaxLocals) {
            super(Opcodes.ASM9, next);
            this.prologue = prologue;
            this.checkedMaxLocals = checkedMaxLocals;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                          String[] interfaces) {
            owner = name;
            stackMapFrames = (version & 0xFFFF) >= Opcodes.V1_6;
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
            MethodVisitor wrapped = (access & NO_PROLOGUE) != 0 || prologue == null ? null
                    : prologue.around(name, descriptor, next, stackMapFrames);
            MethodVisitor method = wrapped != null ? wrapped : next;
            CheckedMethods.Checked known = checkedMaxLocals.get(name + descriptor);
            // A static method, or one that may have overwritten this, passes its class as the supplier:
            // an ldc of a class needs version 49.
            boolean classAsSupplier = known != null && ((access & Opcodes.ACC_STATIC) != 0 || !known.thisIntact);
            boolean checked = known != null && (!classAsSupplier || stackMapFrames);
            if (checked) {
                // Outside the prologue: the prologue's own early return gives back credagent's answer unchecked.
                method = new ReturnedKeyCheck(method, owner, Type.getReturnType(descriptor).getInternalName(),
                        classAsSupplier, known.maxLocals, stackMapFrames);
            }
            found |= wrapped != null || checked;
            return method;
        }
    }
}
