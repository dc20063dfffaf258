package io.credagent.instrument;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The few instructions put in front of a {@link FrameworkLoader}'s {@code loadClass(String)} and
 * {@code loadClass(String, boolean)}: the boot delegation OSGi's {@code org.osgi.framework.bootdelegation}
 * and JBoss Modules' {@code jboss.modules.system.pkgs} would give, for credagent's bridge package
 * only. In Java:
 *
 * <pre>{@code
 * if (name != null && name.startsWith("io.credagent.bootstrap.")) {
 *     return Class.forName(name, false, null);
 * }
 * // ... the method's own code, unchanged
 * }</pre>
 *
 * Only JDK types, so it resolves in any loader; every other class name takes the framework's own
 * path. (OpenTelemetry's javaagent does the same for its bootstrap packages, in every class loader.)
 */
final class BootDelegationPrologue extends MethodVisitor {

    static final String BRIDGE_PACKAGE = "io.credagent.bootstrap.";

    private final boolean stackMapFrames;

    BootDelegationPrologue(MethodVisitor method, boolean stackMapFrames) {
        super(Opcodes.ASM9, method);
        this.stackMapFrames = stackMapFrames;
    }

    @Override
    public void visitCode() {
        super.visitCode();
        Label own = new Label();
        super.visitVarInsn(Opcodes.ALOAD, 1);
        super.visitJumpInsn(Opcodes.IFNULL, own);
        super.visitVarInsn(Opcodes.ALOAD, 1);
        super.visitLdcInsn(BRIDGE_PACKAGE);
        super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "startsWith", "(Ljava/lang/String;)Z", false);
        super.visitJumpInsn(Opcodes.IFEQ, own);
        super.visitVarInsn(Opcodes.ALOAD, 1);
        super.visitInsn(Opcodes.ICONST_0);
        super.visitInsn(Opcodes.ACONST_NULL);
        super.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Class", "forName",
                "(Ljava/lang/String;ZLjava/lang/ClassLoader;)Ljava/lang/Class;", false);
        super.visitInsn(Opcodes.ARETURN);
        super.visitLabel(own);
        if (stackMapFrames) {
            // The method's initial locals: its own frames, relative to the previous one, stay valid.
            super.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
        }
        // Keeps the method's own first frame, if it has one at its first instruction, apart from ours.
        super.visitInsn(Opcodes.NOP);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        super.visitMaxs(Math.max(maxStack, 3), maxLocals);
    }

    /** {@code loadClass(String)} or {@code loadClass(String, boolean)}, returning a {@code Class}. */
    static boolean isLoadClass(String name, String descriptor) {
        return name.equals("loadClass") && (descriptor.equals("(Ljava/lang/String;)Ljava/lang/Class;")
                || descriptor.equals("(Ljava/lang/String;Z)Ljava/lang/Class;"));
    }
}
